/*
 * The ESP32's memory budget inside xsnap-worker, for the device-shaped XS worker
 * (tools/xs/device-worker.ts builds it; the DEVICE_* values come from manifest.json).
 *
 * On the device, preloaded code and everything its module bodies created live in flash: the
 * app gets the manifest's `creation` heap slots and chunk bytes on top, and no more when the
 * increments are 0. xsnap keeps code in the heap, so the worker starts roomy and the harness
 * calls preloadDone() once the modules are loaded (the moment Moddable's linker would have
 * put them in flash). From then on exactly DEVICE_HEAP free slots and DEVICE_CHUNK free chunk
 * bytes remain, growth is what the manifest allows (none), and running out aborts the machine
 * with "not enough memory", as on the board. The stack, roomy while code loads (the linker
 * runs module bodies at build time, not on the device's stack), is DEVICE_STACK slots from
 * then on: going past it aborts with "stack overflow".
 *
 * Slots are 32 bytes here and 16 on the ESP32, so chunk-held slot arrays cost twice the bytes:
 * the budget is, if anything, tighter than the device's.
 */
#include "xsAll.h"
#include "xs.h"

#define STACK_PAINT 0xA5
/*
 * A machine cloned from the device's flash keeps its intrinsics in flash and pushes about 15
 * slots of its own (global, exception, program, job queues...); xsnap keeps a few hundred
 * intrinsics on its stack. So the device's stack is counted from where an evaluation starts
 * here, less those 15.
 */
#define DEVICE_STACK_RESERVED 16

static txSlot* gxStackBase = C_NULL;
static txSize gxPreloadHeap = 0;
static txSize gxPreloadChunks = 0;

static txSize freeSlots(txMachine* the)
{
	return the->maximumHeapCount - the->currentHeapCount;
}

static txSize freeChunks(txMachine* the)
{
	return the->maximumChunksSize - the->currentChunksSize;
}

/* Holds the slots beyond the budget out of reach of the app: a rooted array of empty objects. */
static void holdSlots(txMachine* the)
{
	txInteger i = 0;
	xsVar(0) = xsNewArray(0);
	xsSet(xsGlobal, xsID("__deviceBallastSlots"), xsVar(0));
	while (freeSlots(the) > DEVICE_HEAP) {
		xsVar(1) = xsNewObject();
		xsSetAt(xsVar(0), xsInteger(i), xsVar(1));
		i++;
	}
	xsCollectGarbage();
}

/* Holds the chunk bytes beyond the budget in one rooted ArrayBuffer. */
static void holdChunks(txMachine* the)
{
	txSize excess = freeChunks(the) - DEVICE_CHUNK;
	/* An ArrayBuffer costs its bytes plus a chunk header and alignment. */
	txSize overhead = sizeof(txChunk) + 16;
	if (excess > overhead) {
		xsVar(0) = xsArrayBuffer(C_NULL, excess - overhead);
		xsSet(xsGlobal, xsID("__deviceBallastChunk"), xsVar(0));
		xsCollectGarbage();
	}
}

/*
 * The stack grows down from stackTop. Slots below the current top are painted; the lowest
 * one written since tells the deepest the stack went (no mxInstrument in this build). XS's
 * number formatting and RegExp matching borrow the bottom of the stack as scratch (xsdtoa.c,
 * xsre.c) and keep state there, so the lowest STACK_SCRATCH slots are neither painted nor
 * counted.
 */
#define STACK_SCRATCH 64

static void paintStack(txMachine* the)
{
	txSlot* floor = the->stackBottom + STACK_SCRATCH;
	if (the->stack > floor)
		c_memset(floor, STACK_PAINT, (char*)the->stack - (char*)floor);
}

static txInteger stackUsedSincePaint(txMachine* the)
{
	unsigned char* floor = (unsigned char*)(the->stackBottom + STACK_SCRATCH);
	unsigned char* p = floor;
	unsigned char* end = (unsigned char*)the->stack;
	txSlot* deepest;
	while (p < end && *p == STACK_PAINT) p++;
	deepest = the->stackBottom + STACK_SCRATCH + (p - floor) / sizeof(txSlot);
	return (txInteger)(gxStackBase - deepest) + DEVICE_STACK_RESERVED;
}

/* preloadDone(): from now on the app has the device's heap and chunk, and no more. */
void xs_preloadDone(xsMachine* the)
{
	txMachine* m = (txMachine*)the;
	xsVars(2);
	xsCollectGarbage();
	if (freeSlots(m) < DEVICE_HEAP)
		fxGrowSlots(m, DEVICE_HEAP - freeSlots(m) + 1);
	else
		holdSlots(m);
	if (freeChunks(m) < DEVICE_CHUNK) {
		/* Growing is still allowed here: make room for the budget, then let it go. */
		xsVar(0) = xsArrayBuffer(C_NULL, DEVICE_CHUNK);
		xsVar(0) = xsUndefined;
		xsCollectGarbage();
	}
	holdChunks(m);
	gxStackBase = m->stack;
	m->stackBottom = gxStackBase - (DEVICE_STACK - DEVICE_STACK_RESERVED);
	m->minimumHeapCount = DEVICE_HEAP_INCREMENT;
	m->minimumChunksSize = DEVICE_CHUNK_INCREMENT;
	xsCollectGarbage();
	gxPreloadHeap = m->currentHeapCount;
	gxPreloadChunks = m->currentChunksSize;
	m->peakHeapCount = m->currentHeapCount;
	m->peakChunksSize = m->currentChunksSize;
	paintStack(m);
}

static void setNumber(xsMachine* the, const char* name, txNumber value)
{
	xsVar(1) = xsNumber(value);
	xsSet(xsVar(0), xsID(name), xsVar(1));
}

/*
 * deviceMemory(): what the app uses of its budget, in the device's units. `slots` and
 * `chunk` are live now (after the last collection), `peakSlots` and `peakChunk` the most ever
 * in use since preloadDone(); `freeSlots` and `freeChunk` what is left.
 */
void xs_deviceMemory(xsMachine* the)
{
	txMachine* m = (txMachine*)the;
	xsVars(2);
	xsVar(0) = xsNewObject();
	setNumber(the, "stackSlots", gxStackBase ? (txNumber)(gxStackBase - m->stackBottom + DEVICE_STACK_RESERVED) : 0);
	setNumber(the, "peakStack", gxStackBase ? (txNumber)stackUsedSincePaint(m) : 0);
	setNumber(the, "preloaded", gxPreloadHeap ? 1 : 0);
	setNumber(the, "slots", (txNumber)(m->currentHeapCount - gxPreloadHeap));
	setNumber(the, "peakSlots", (txNumber)(m->peakHeapCount - gxPreloadHeap));
	setNumber(the, "freeSlots", (txNumber)freeSlots(m));
	setNumber(the, "chunk", (txNumber)(m->currentChunksSize - gxPreloadChunks));
	setNumber(the, "peakChunk", (txNumber)(m->peakChunksSize - gxPreloadChunks));
	setNumber(the, "freeChunk", (txNumber)freeChunks(m));
	setNumber(the, "heapBudget", (txNumber)DEVICE_HEAP);
	setNumber(the, "chunkBudget", (txNumber)DEVICE_CHUNK);
	xsResult = xsVar(0);
	paintStack(m);
}

void xsDeviceInstall(xsMachine* the)
{
	xsResult = xsNewHostFunction(xs_preloadDone, 0);
	xsDefine(xsGlobal, xsID("preloadDone"), xsResult, xsDontEnum);
	xsResult = xsNewHostFunction(xs_deviceMemory, 0);
	xsDefine(xsGlobal, xsID("deviceMemory"), xsResult, xsDontEnum);
}
