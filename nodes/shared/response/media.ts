/**
 * Images and audio in the answer (`inlineData` parts the model made), ready to become n8n
 * binary data: raw PCM (`audio/L16;…;rate=24000`, what Gemini's text-to-speech sends) is wrapped
 * as WAV so it plays (https://ai.google.dev/gemini-api/docs/speech-generation). Pure.
 */

export interface MediaFile {
	kind: 'image' | 'audio' | 'video' | 'file';
	mimeType: string;
	fileExtension: string;
	data: Buffer;
}

export interface MediaCounts {
	images: number;
	audio: number;
	/** Other inline files (video, documents), when any. */
	other?: number;
}

const EXTENSIONS: Record<string, string> = {
	'image/png': 'png',
	'image/jpeg': 'jpg',
	'image/webp': 'webp',
	'image/gif': 'gif',
	'image/heic': 'heic',
	'audio/wav': 'wav',
	'audio/x-wav': 'wav',
	'audio/mpeg': 'mp3',
	'audio/mp3': 'mp3',
	'audio/ogg': 'ogg',
	'audio/flac': 'flac',
	'audio/aac': 'aac',
	'video/mp4': 'mp4',
	'application/pdf': 'pdf',
};

const PCM_MIME = /^audio\/(l16|pcm)\b/i;

/** Sample rate of a raw PCM mime type (`rate=24000`); Gemini TTS speaks at 24 kHz when it does not say. */
export function pcmSampleRate(mimeType: string): number {
	const rate = /(?:^|;)\s*rate=(\d+)/i.exec(mimeType)?.[1];
	return rate ? Number(rate) : 24_000;
}

/** 16-bit little-endian mono PCM → a WAV file (44-byte RIFF header + the samples). */
export function pcmToWav(pcm: Buffer, sampleRate: number, channels = 1): Buffer {
	const bytesPerSample = 2;
	const header = Buffer.alloc(44);
	header.write('RIFF', 0, 'ascii');
	header.writeUInt32LE(36 + pcm.length, 4);
	header.write('WAVE', 8, 'ascii');
	header.write('fmt ', 12, 'ascii');
	header.writeUInt32LE(16, 16); // fmt chunk size
	header.writeUInt16LE(1, 20); // PCM
	header.writeUInt16LE(channels, 22);
	header.writeUInt32LE(sampleRate, 24);
	header.writeUInt32LE(sampleRate * channels * bytesPerSample, 28);
	header.writeUInt16LE(channels * bytesPerSample, 32);
	header.writeUInt16LE(bytesPerSample * 8, 34);
	header.write('data', 36, 'ascii');
	header.writeUInt32LE(pcm.length, 40);
	return Buffer.concat([header, pcm]);
}

function kindOf(mimeType: string): MediaFile['kind'] {
	const type = mimeType.split('/')[0].toLowerCase();
	return type === 'image' || type === 'audio' || type === 'video' ? type : 'file';
}

function fileOf(mimeType: string, base64: string): MediaFile {
	const data = Buffer.from(base64, 'base64');
	if (PCM_MIME.test(mimeType)) {
		return { kind: 'audio', mimeType: 'audio/wav', fileExtension: 'wav', data: pcmToWav(data, pcmSampleRate(mimeType)) };
	}
	const bare = mimeType.split(';')[0].trim().toLowerCase();
	return { kind: kindOf(bare), mimeType: bare, fileExtension: EXTENSIONS[bare] ?? bare.split('/')[1] ?? 'bin', data };
}

/** The answer's inline files in order (thought images, drafts the model shows while thinking, are left out). */
export function mediaOf(parts: ReadonlyArray<Record<string, unknown>>): MediaFile[] {
	const files: MediaFile[] = [];
	for (const part of parts) {
		const inline = part.inlineData as { mimeType?: unknown; data?: unknown } | undefined;
		if (part.thought || !inline || typeof inline.data !== 'string' || typeof inline.mimeType !== 'string') continue;
		files.push(fileOf(inline.mimeType, inline.data));
	}
	return files;
}

export function mediaCounts(files: readonly MediaFile[]): MediaCounts | undefined {
	if (!files.length) return undefined;
	const counts: MediaCounts = {
		images: files.filter((f) => f.kind === 'image').length,
		audio: files.filter((f) => f.kind === 'audio').length,
	};
	const other = files.length - counts.images - counts.audio;
	if (other) counts.other = other;
	return counts;
}

/** n8n's binary property names for an item's files: data, data_1, data_2, … */
export function binaryPropertyName(index: number): string {
	return index === 0 ? 'data' : `data_${index}`;
}
