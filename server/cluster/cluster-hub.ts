/**
 * The hub of a server in a cluster. What this server's writes publish goes to its own
 * sockets as before (through the trace feed, so points already republished from
 * another server are not sent twice) and is named in the next hint to the other
 * servers. What the fan-out republishes from other servers goes out with
 * `publishHere`, to this server's sockets only.
 */
import type { ServerMessage } from '../../protocol/index.js';
import { CLOSE_TOPIC, Hub } from '../hub.js';
import type { HintBatcher } from './batcher.js';
import type { TraceFeed } from './feed.js';

export class ClusterHub extends Hub {
  private feed: TraceFeed | null = null;
  private hints: HintBatcher | null = null;

  attach(feed: TraceFeed, hints: HintBatcher): void {
    this.feed = feed;
    this.hints = hints;
  }

  /** Messages built only when someone listens are always built: viewers on other servers may be listening. */
  override subscriberCount(topic: string): number {
    return super.subscriberCount(topic) + (this.hints ? 1 : 0);
  }

  /** Subscribers on this server. */
  localCount(topic: string): number {
    return super.subscriberCount(topic);
  }

  /** A message from this server's own commits. */
  override publish(topic: string, msg: ServerMessage): void {
    const feed = this.feed;
    const hints = this.hints;
    if (!feed || !hints) return super.publish(topic, msg);
    switch (msg.type) {
      case 'append': {
        const fresh = [];
        for (const tr of msg.traces) {
          hints.trace(tr.id, tr.start + tr.x.length);
          const part = feed.local(msg.env, msg.win, tr);
          if (part) fresh.push(part);
        }
        if (fresh.length > 0) super.publish(topic, fresh.length === msg.traces.length ? msg : { ...msg, traces: fresh });
        return;
      }
      case 'window':
        if (msg.window.data) feed.published(msg.env, msg.window.id, msg.window.data);
        hints.window(msg.env, msg.window.id, msg.window.data !== undefined);
        break;
      case 'close':
        // Published twice (env topic, CLOSE_TOPIC): hinted once.
        if (topic === CLOSE_TOPIC) hints.windowClosed(msg.env, msg.win);
        break;
      case 'env_deleted':
        hints.envDeleted(msg.env);
        break;
      case 'envs_delta':
        for (const e of msg.changed) hints.env(e.id);
        for (const id of msg.removed) hints.env(id);
        break;
    }
    super.publish(topic, msg);
  }

  /** A message republished from another server's commit: this server's sockets only. */
  publishHere(topic: string, msg: ServerMessage): void {
    super.publish(topic, msg);
  }
}
