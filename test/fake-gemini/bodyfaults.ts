/**
 * Faults in the bytes of an answer rather than in its status: a body cut by a reset, a body
 * that is not JSON, bytes that are not UTF-8, an HTML page from a proxy, a huge answer.
 */
import type { ServerResponse } from 'node:http';

/** Where the invalid bytes go in an `invalid-utf8` answer (plain ASCII, so JSON keeps it as is). */
export const INVALID_UTF8_MARK = '<invalid-utf8>';

/**
 * Not UTF-8: two bytes that never occur (0xFF, 0xFE), a lead byte followed by ASCII (0xC3 '('),
 * and an encoded surrogate (0xED 0xA0 0x80). A WHATWG decoder (TextDecoder, undici's `text()`)
 * turns them into `\uFFFD\uFFFD\uFFFD(\uFFFD\uFFFD\uFFFD`.
 */
export const INVALID_UTF8_BYTES = Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]);

/** What a WHATWG decoder makes of INVALID_UTF8_BYTES. */
export const INVALID_UTF8_DECODED = '\uFFFD\uFFFD\uFFFD(\uFFFD\uFFFD\uFFFD';

/** The `invalid-utf8` answer, before its mark is replaced by the bytes on the wire. */
export const INVALID_UTF8_ANSWER = `Bytes that are not UTF-8: ${INVALID_UTF8_MARK} and the answer goes on.`;

/** Every INVALID_UTF8_MARK in `bytes` replaced by INVALID_UTF8_BYTES. */
export function corruptUtf8(bytes: Buffer): Buffer {
	const mark = Buffer.from(INVALID_UTF8_MARK);
	const pieces: Buffer[] = [];
	let from = 0;
	for (let at = bytes.indexOf(mark); at >= 0; at = bytes.indexOf(mark, from)) {
		pieces.push(bytes.subarray(from, at), INVALID_UTF8_BYTES);
		from = at + mark.length;
	}
	if (from === 0) return bytes;
	pieces.push(bytes.subarray(from));
	return Buffer.concat(pieces);
}

const HUGE_WORDS = 'The quick brown fox jumps over the lazy dog while the meter counts every token. ';

/** Exactly `length` characters of plain ASCII words (a `huge=` answer). */
export function hugeText(length: number): string {
	return HUGE_WORDS.repeat(Math.ceil(length / HUGE_WORDS.length)).slice(0, length);
}

const REASONS: Record<number, string> = {
	400: 'Bad Request',
	403: 'Forbidden',
	404: 'Not Found',
	429: 'Too Many Requests',
	500: 'Internal Server Error',
	502: 'Bad Gateway',
	503: 'Service Temporarily Unavailable',
	504: 'Gateway Time-out',
};

/** nginx's own error page, as a reverse proxy in front of the API sends it. */
export function proxyErrorPage(status: number): string {
	const title = `${status} ${REASONS[status] ?? 'Error'}`;
	return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/** A 200 HTML page where JSON was expected: a captive portal or a misrouted proxy. */
export const PROXY_LOGIN_PAGE =
	'<!DOCTYPE html>\n<html><head><title>Sign in to continue</title></head>\n<body><h1>Network login required</h1><p>Please sign in to the corporate proxy to continue.</p></body></html>\n';

export const HTML_TYPE = 'text/html; charset=UTF-8';

/** A complete answer of exactly these bytes. */
export function sendBytes(res: ServerResponse, status: number, bytes: Buffer, headers: Record<string, string>): void {
	if (res.headersSent || res.destroyed) return;
	res.writeHead(status, { 'content-length': bytes.length, ...headers });
	res.end(bytes);
}

/**
 * Headers announcing all of `bytes`, the first half of them, then the socket destroyed: a
 * connection reset while the answer was being read.
 */
export function resetMidBody(res: ServerResponse, status: number, bytes: Buffer, headers: Record<string, string>): void {
	sendHalf(res, status, bytes, headers, () => setImmediate(() => res.socket?.destroy()));
}

/**
 * Headers announcing all of `bytes`, the first half of them, then nothing: a server that stops
 * answering in the middle of a body. The response stays open until the client gives up (or the
 * fake closes).
 */
export function stallMidBody(res: ServerResponse, status: number, bytes: Buffer, headers: Record<string, string>): void {
	sendHalf(res, status, bytes, headers, () => undefined);
}

function sendHalf(res: ServerResponse, status: number, bytes: Buffer, headers: Record<string, string>, then: () => void): void {
	if (res.headersSent || res.destroyed) return;
	res.socket?.setNoDelay(true);
	res.writeHead(status, { 'content-length': bytes.length, ...headers });
	res.flushHeaders();
	res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), then);
}

/** The first half of `bytes` as a complete answer (a 200 whose JSON is cut off). */
export function halfBody(bytes: Buffer): Buffer {
	return bytes.subarray(0, Math.floor(bytes.length / 2));
}

/** What `enqueueFault` sends when it has no route's answer at hand: a GenerateContentResponse-shaped JSON. */
export function genericAnswerBytes(): Buffer {
	const body = {
		candidates: [{ content: { role: 'model', parts: [{ text: hugeText(400) }] }, finishReason: 'STOP', index: 0 }],
		usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 100, totalTokenCount: 110 },
		modelVersion: 'gemini-2.5-flash',
		responseId: 'fault-answer',
	};
	return Buffer.from(JSON.stringify(body, null, 2));
}

/** Where a `redirect` points: a login page whose query carries a token (which clients must not show). */
export const REDIRECT_LOCATION = 'https://login.example.com/sso/start?continue=gemini&token=login-token-1234';

/** A 302 to a login page, with the short HTML body such answers carry. */
export function sendRedirect(res: ServerResponse): void {
	sendBytes(res, 302, Buffer.from(`<html><body>Moved to <a href="${REDIRECT_LOCATION}">login</a></body></html>\n`), {
		'content-type': HTML_TYPE,
		location: REDIRECT_LOCATION,
	});
}

/** A 200 that says JSON and sends nothing. */
export function sendEmptyBody(res: ServerResponse): void {
	sendBytes(res, 200, Buffer.alloc(0), { 'content-type': 'application/json; charset=UTF-8' });
}
