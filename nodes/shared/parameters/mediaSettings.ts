import type { IDataObject } from 'n8n-workflow';

import type { UploadMode } from '../media/inputPlan';

/**
 * Pure validation of the media options: how binaries are sent (Upload Binary Data, File URLs),
 * Media Resolution, and what the model makes (image size and aspect ratio, voices).
 */

export const ASPECT_RATIOS = ['1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9'] as const;
export const IMAGE_SIZES = ['1K', '2K', '4K'] as const;
export const MEDIA_RESOLUTIONS = ['low', 'medium', 'high'] as const;

export interface MediaInputSettings {
	uploadMode: UploadMode;
	fileUrls: string[];
}

export interface SpeakerVoice {
	speaker: string;
	voiceName: string;
}

/** What the model should make besides text; every field absent when not set. */
export interface MediaOutputOptions {
	mediaResolution?: (typeof MEDIA_RESOLUTIONS)[number];
	aspectRatio?: (typeof ASPECT_RATIOS)[number];
	imageSize?: (typeof IMAGE_SIZES)[number];
	voiceName?: string;
	speakers?: SpeakerVoice[];
}

type Fail = (parameter: string, label: string, problem: string, value: unknown) => never;

function pick<T extends string>(value: unknown, allowed: readonly T[], parameter: string, label: string, fail: Fail): T | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
	return fail(parameter, label, `must be one of ${allowed.join(', ')}`, value);
}

export function parseMediaInputs(options: IDataObject, requestOptions: IDataObject, fail: Fail): MediaInputSettings {
	const raw = options.fileUrls;
	const list = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(/[\n,]/) : [];
	return {
		uploadMode: pick(requestOptions.fileUpload, ['auto', 'always'] as const, 'requestOptions.fileUpload', 'Upload Binary Data', fail) ?? 'auto',
		fileUrls: list.map((url) => url.trim()).filter((url) => url !== ''),
	};
}

function parseSpeakers(value: unknown, fail: Fail): SpeakerVoice[] | undefined {
	const rows = ((value as IDataObject | undefined)?.speaker ?? []) as IDataObject[];
	if (!rows.length) return undefined;
	const speakers = rows.map((row, index) => {
		const speaker = String(row.speaker ?? '').trim();
		const voiceName = String(row.voiceName ?? '').trim();
		if (!speaker || !voiceName) fail('options.speakers', 'Speakers', `row ${index + 1} needs both a speaker name and a voice`, row);
		return { speaker, voiceName };
	});
	// Gemini's multi-speaker TTS takes exactly two voices (https://ai.google.dev/gemini-api/docs/speech-generation).
	if (speakers.length !== 2) fail('options.speakers', 'Speakers', 'must name exactly two speakers (Gemini speaks one voice or two)', speakers.length);
	return speakers;
}

export function parseMediaOutputs(options: IDataObject, fail: Fail): MediaOutputOptions {
	const voice = typeof options.voiceName === 'string' ? options.voiceName.trim() : '';
	const result: MediaOutputOptions = {
		mediaResolution: pick(options.mediaResolution, MEDIA_RESOLUTIONS, 'options.mediaResolution', 'Media Resolution', fail),
		aspectRatio: pick(options.aspectRatio, ASPECT_RATIOS, 'options.aspectRatio', 'Aspect Ratio', fail),
		imageSize: pick(options.imageSize, IMAGE_SIZES, 'options.imageSize', 'Image Size', fail),
		voiceName: voice || undefined,
		speakers: parseSpeakers(options.speakers, fail),
	};
	if (result.voiceName && result.speakers) {
		fail('options.voiceName', 'Voice', 'cannot be combined with Speakers (options.speakers); give the voices per speaker', result.voiceName);
	}
	return Object.fromEntries(Object.entries(result).filter(([, value]) => value !== undefined)) as MediaOutputOptions;
}
