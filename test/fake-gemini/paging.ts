/** `pageSize` / `pageToken` paging over an in-memory list (the token is an opaque offset). */
import type { ErrorReply } from './errors';
import { reply } from './errors';

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;

export type Page<T> = { ok: true; items: T[]; nextPageToken?: string } | { ok: false; error: ErrorReply };

export function pageOf<T>(url: URL, all: readonly T[]): Page<T> {
	const rawSize = Number(url.searchParams.get('pageSize') ?? '');
	const pageSize = Number.isInteger(rawSize) && rawSize > 0 ? Math.min(rawSize, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
	const token = url.searchParams.get('pageToken');
	let start = 0;
	if (token) {
		const decoded = Buffer.from(token, 'base64url').toString('utf8');
		start = /^offset:\d+$/.test(decoded) ? Number(decoded.slice('offset:'.length)) : -1;
		if (!Number.isSafeInteger(start) || start < 0) return { ok: false, error: reply(400, 'Invalid page token.') };
	}
	const next = start + pageSize;
	const page: Page<T> = { ok: true, items: all.slice(start, next) };
	if (next < all.length) page.nextPageToken = Buffer.from(`offset:${next}`).toString('base64url');
	return page;
}
