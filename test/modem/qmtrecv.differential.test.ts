// The Quectel +QMTRECV reader (src/modem/quectel/qmtrecv.ts) against the reference reader:
// test/at's differential suite feeds both the same streams, split at random and resumed
// mid-header, and requires the same events, framing and stats. It lives with the parser it
// was written for; importing it here runs it with the modem folder's suites too, so that
// `npm run mutate -- modem` (which runs test/modem alone) holds the reader to it. A run of
// all of test/ loads the module once, so it still runs once there.
import "../at/parser.differential.test";
