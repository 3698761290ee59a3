/** What every route handler receives, and the routing-table entry type. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeState } from './state';
import type { RecordedRequest } from './types';

export interface RequestContext {
	req: IncomingMessage;
	res: ServerResponse;
	url: URL;
	/** Parsed JSON body (see `parseBody`); undefined on `rawBody` routes. */
	body: unknown;
	recorded: RecordedRequest;
	state: FakeState;
	/** Set on Vertex AI paths (vertex.ts): the project and location named in the path. */
	vertex?: { project: string; location: string };
	/** A queued fault's `cutAfterBytes`, for the download route. */
	cutAfterBytes?: number;
}

export interface Route {
	method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
	/** Matched against the decoded path; capture groups are passed to `handle`. */
	pattern: RegExp;
	/** Default true: needs a valid `x-goog-api-key`. */
	auth?: boolean;
	/**
	 * The dispatcher leaves the body unread (`ctx.body` undefined): the handler reads `ctx.req` itself.
	 * For uploads, which are streamed to disk instead of buffered.
	 */
	rawBody?: boolean;
	handle(ctx: RequestContext, params: string[]): Promise<void> | void;
}
