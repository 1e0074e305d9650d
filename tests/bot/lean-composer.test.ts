import { type BotError, Composer, type Context } from "grammy";
import { describe, expect, it } from "vitest";
import { installLeanComposer } from "../../src/bot/lean-composer.js";

/**
 * The lean composer replaces grammY's `use` and `filter`; each scenario runs on grammY's own
 * first, then on the lean one, and both must give the trace written out in the test.
 */
const grammy = { use: Composer.prototype.use, filter: Composer.prototype.filter };
installLeanComposer();
const lean = { use: Composer.prototype.use, filter: Composer.prototype.filter };

function withComposer(impl: typeof grammy, run: () => Promise<unknown>): Promise<unknown> {
  Composer.prototype.use = impl.use;
  Composer.prototype.filter = impl.filter;
  return run().finally(() => {
    Composer.prototype.use = lean.use;
    Composer.prototype.filter = lean.filter;
  });
}

const ctx = { update: { update_id: 1 } } as unknown as Context;
const run = (composer: Composer<Context>, trace: string[]) =>
  composer.middleware()(ctx, async () => {
    trace.push("end");
  });

async function both(scenario: () => Promise<unknown>): Promise<[unknown, unknown]> {
  const a = await withComposer(grammy, scenario);
  const b = await withComposer(lean, scenario);
  return [a, b];
}

describe("lean composer: grammY's use and filter, with less work per update", () => {
  it("runs middleware in order, around next, and stops where one does not call next", async () => {
    const results = await both(async () => {
      const trace: string[] = [];
      const c = new Composer<Context>();
      c.use(async (_ctx, next) => {
        trace.push("a");
        await next();
        trace.push("a after");
      });
      c.use((_ctx, next) => {
        trace.push("b (sync)");
        return next();
      });
      const inner = c.use();
      c.use(() => {
        trace.push("c stops");
      });
      c.use(() => {
        trace.push("never");
      });
      // Added to a composer after it was installed: still runs (read at call time).
      inner.use((_ctx, next) => {
        trace.push("inner, added later");
        return next();
      });
      await run(c, trace);
      const open: string[] = [];
      await run(new Composer<Context>(), open);
      return [trace, open];
    });
    for (const result of results) {
      expect(result).toEqual([["a", "b (sync)", "inner, added later", "c stops", "a after"], ["end"]]);
    }
  });

  it("filters: a true, false or awaited predicate routes the update; a later handler still counts", async () => {
    const results = await both(async () => {
      const trace: string[] = [];
      const c = new Composer<Context>();
      c.filter(
        () => false,
        () => void trace.push("false branch"),
      );
      const later = c.filter(async () => true);
      c.filter(
        () => true,
        () => void trace.push("true branch (after the async one passed on)"),
      );
      later.use((_ctx, next) => {
        trace.push("async branch");
        return next();
      });
      await run(c, trace);
      return trace;
    });
    for (const result of results) {
      expect(result).toEqual(["async branch", "true branch (after the async one passed on)"]);
    }
  });

  it("an error — thrown at once or rejected — rejects the result and never throws synchronously", async () => {
    for (const impl of [grammy, lean]) {
      await withComposer(impl, async () => {
        const sync = new Composer<Context>();
        sync.use(() => {
          throw new Error("sync boom");
        });
        let result: unknown;
        expect(() => {
          result = run(sync, []);
        }).not.toThrow();
        await expect(result).rejects.toThrow("sync boom");

        const nested = new Composer<Context>();
        nested.use((_ctx, next) => next());
        nested.use(async () => {
          throw new Error("async boom");
        });
        await expect(run(nested, [])).rejects.toThrow("async boom");
      });
    }
  });

  it("calling next twice is an error", async () => {
    for (const impl of [grammy, lean]) {
      await withComposer(impl, async () => {
        const c = new Composer<Context>();
        c.use(async (_ctx, next) => {
          await next();
          await next();
        });
        c.use(() => undefined);
        await expect(run(c, [])).rejects.toThrow("`next` already called before!");
      });
    }
  });

  it("a sync handler's result is still a promise; an error boundary catches below it and goes on", async () => {
    const results = await both(async () => {
      const trace: string[] = [];
      const c = new Composer<Context>();
      c.use(() => 42 as unknown as undefined);
      const plain = c.middleware()(ctx, async () => undefined);
      trace.push(plain instanceof Promise ? "promise" : "not a promise");
      await plain;

      const bounded = new Composer<Context>();
      bounded
        .errorBoundary(async (error, next) => {
          trace.push(
            `caught: ${(error as BotError).error instanceof Error ? ((error as BotError).error as Error).message : "?"}`,
          );
          await next();
        })
        .use((_ctx, next) => next())
        .use(() => {
          throw new Error("inside");
        });
      bounded.use(() => void trace.push("after the boundary"));
      await run(bounded, trace);
      return trace;
    });
    for (const result of results) {
      expect(result).toEqual(["promise", "caught: inside", "after the boundary"]);
    }
  });
});
