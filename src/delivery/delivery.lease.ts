import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Lease, LeaseRepo } from "../db/lease.repo.js";
import type { Logger } from "../logger.js";

/** The lease's name (what it was called before other features used deliveries). */
const LEASE = "broadcast-worker";

/** This process, among all that ever held the lease. */
const PROCESS_ID = randomUUID();

/**
 * A lease holder on this machine whose process is gone (killed, crashed; or another process had
 * our pid, as after a container restart) will never renew: no need to wait for its lease to end.
 */
function holderIsGone(current: Lease): boolean {
  if (current.host !== hostname()) return false;
  if (current.pid === process.pid) return current.process !== PROCESS_ID;
  try {
    process.kill(current.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/**
 * The right to deliver. Two processes on one database (an overlapping deploy) would otherwise
 * both send, and both put the other's in-flight messages back in the queue: one holds the lease
 * and renews it every third of its lifetime; the other stands by and tries again every half
 * lifetime, taking over once the lease runs out or its holder is known to be dead.
 */
export class DeliveryLease {
  private readonly holder = { holder: randomUUID(), host: hostname(), pid: process.pid, process: PROCESS_ID };
  private standby: NodeJS.Timeout | undefined;
  private renewal: NodeJS.Timeout | undefined;

  constructor(
    private readonly repo: LeaseRepo,
    private readonly ttlMs: number,
    private readonly clock: () => number,
    private readonly logger: Logger,
  ) {}

  /** Takes the lease. When another process holds it, stands by: `retry` is called now and then until stopped. */
  acquire(retry: () => void): boolean {
    if (!this.take()) {
      if (!this.standby) {
        this.logger.info("delivery: another process is delivering; standing by");
        this.standby = setInterval(retry, this.ttlMs / 2);
        this.standby.unref();
      }
      return false;
    }
    this.stopStandingBy();
    return true;
  }

  /** Renews the held lease until `stopRenewing`; `onLost` when a renewal finds another holder. */
  keepRenewing(onLost: () => void): void {
    clearInterval(this.renewal);
    this.renewal = setInterval(() => {
      if (!this.take()) onLost();
    }, this.ttlMs / 3);
    this.renewal.unref();
  }

  stopRenewing(): void {
    clearInterval(this.renewal);
    this.renewal = undefined;
  }

  stopStandingBy(): void {
    clearInterval(this.standby);
    this.standby = undefined;
  }

  /** Gives the lease up (if this process holds it) and stops every timer. */
  release(): void {
    this.stopStandingBy();
    this.stopRenewing();
    this.repo.release(LEASE, this.holder.holder);
  }

  private take(): boolean {
    return this.repo.acquire(LEASE, this.holder, this.ttlMs, this.clock(), holderIsGone);
  }
}
