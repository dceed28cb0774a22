// How a live stream's looks are timed (console-stream.ts): on a timer (polling), or when a change signal
// concerns what it shows, a gap apart at least, and otherwise every idleMs.

import type { Signal } from '../store/signals.ts';

export type ExecutionChange = Extract<Signal, { kind: 'execution' }>;

/** One stream: what it watches, asked again at every tick until the client goes away. */
export type Watch = (send: (event: string, data: unknown, id?: number) => void) => Promise<number>;

/** A watch fed by change signals: `told` says whether a change concerns it; looks are `gapMs` apart at least. */
export interface ChangeWatch {
  look: Watch;
  told(change: ExecutionChange): boolean;
  gapMs: number;
}

/** What a stream run needs of its connection: sending, failing, and being told of its end. */
export interface StreamRun {
  send: (event: string, data: unknown, id?: number) => void;
  failed: (error: unknown) => void;
  isEnded: () => boolean;
  onEnd: (stop: () => void) => void;
}

/** Without a hint, a stream fed by change signals still looks this often (a hint may be lost between nodes). */
const idleMs = 10_000;

/** Looks, then again after the delay the look returns, until the stream ends. */
export function pollLooks(watch: Watch, run: StreamRun): void {
  let timer: NodeJS.Timeout | undefined;
  run.onEnd(() => {
    clearTimeout(timer);
  });
  const tick = async () => {
    try {
      const delay = await watch(run.send);
      if (!run.isEnded()) timer = setTimeout(() => void tick(), delay);
    } catch (error) {
      run.failed(error);
    }
  };
  void tick();
}

/** Looks at once, then when told of a change it cares about (a gap apart at least), or after idleMs. */
export function listenLooks(
  watch: ChangeWatch,
  run: StreamRun,
  listening: Set<(change: ExecutionChange) => void>,
): void {
  let timer: NodeJS.Timeout | undefined;
  let due = Number.POSITIVE_INFINITY;
  let looking = false;
  let again = false;
  let lastLook = 0;
  const lookAt = (time: number) => {
    clearTimeout(timer);
    due = time;
    timer = setTimeout(() => void look(), Math.max(0, time - Date.now()));
  };
  const look = async () => {
    looking = true;
    lastLook = Date.now();
    due = Number.POSITIVE_INFINITY;
    try {
      await watch.look(run.send);
    } catch (error) {
      run.failed(error);
    }
    looking = false;
    if (run.isEnded()) return;
    lookAt(again ? lastLook + watch.gapMs : lastLook + idleMs);
    again = false;
  };
  const told = (change: ExecutionChange) => {
    if (!watch.told(change)) return;
    if (looking) again = true;
    else if (lastLook + watch.gapMs < due) lookAt(lastLook + watch.gapMs);
  };
  listening.add(told);
  run.onEnd(() => {
    clearTimeout(timer);
    listening.delete(told);
  });
  void look();
}
