// lin has no board to restart (mcsim is a process): the "system" module of the ESP32 build
// stands in here, saying what would have happened. See hosts/moddable/README.md.
export default class System {
	static restart() {
		trace("restart: a board would restart now (lin: nothing to restart)\n");
	}
}
