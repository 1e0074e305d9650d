import { Composer, type Context, type MiddlewareFn } from "grammy";

/**
 * grammY's `Composer.filter` — behind `command`, `callbackQuery`, `chatType`, `on`, `hears` and
 * every other filter — goes through `branch` and `lazy`, which build a new Composer and a chain
 * of closures for every filter an update passes, on every update. The bot has well over a hundred
 * filters, so most of its garbage (and about a tenth of its CPU time per update) was that.
 *
 * This is the same filter without the per-update allocations: the predicate is asked (and awaited
 * only if it answers with a promise; most answer at once), then the filter's own composer runs
 * (reading its middleware at call time, so handlers added to it later count) or the update goes
 * on to `next`, exactly as `branch(predicate, composer, pass)` does.
 * Installed once, before the features build their composers (see app.ts); idempotent.
 */
export function installLeanComposerFilter(): void {
  const prototype = Composer.prototype as Composer<Context> & { [LEAN]?: true };
  if (prototype[LEAN]) return;
  prototype.filter = function filter(
    this: Composer<Context>,
    predicate: (ctx: Context) => boolean | Promise<boolean>,
    ...middleware: Array<MiddlewareFn<Context> | Composer<Context>>
  ) {
    const composer = new Composer<Context>(...middleware);
    this.use((ctx, next) => {
      const passes = predicate(ctx);
      // Nearly every predicate answers at once: no promise, no extra turn of the microtask queue.
      if (passes === true) return composer.middleware()(ctx, next);
      if (passes === false) return next();
      return passes.then((yes) => (yes ? composer.middleware()(ctx, next) : next()));
    });
    return composer;
  } as Composer<Context>["filter"];
  prototype[LEAN] = true;
}

const LEAN = Symbol("lean composer filter");
