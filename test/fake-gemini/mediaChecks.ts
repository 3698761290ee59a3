/**
 * The live API's checks on media in a generateContent request: inline data over 100 MB per
 * request is refused (files above that go through the Files API), and `imageConfig`,
 * `speechConfig`, `mediaResolution` and `responseModalities` must have the documented shapes
 * (https://ai.google.dev/api/generate-content#GenerationConfig).
 */
import type { ErrorReply } from './errors';
import { badField, invalidEnum, reply } from './errors';
import type { FileStore } from './filestore';
import type { GenerateContentRequest } from './types';
import { isRecord } from './types';

export const INLINE_LIMIT_BYTES = 100 * 1024 * 1024;
const ASPECT_RATIOS = ['1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9'];
const IMAGE_SIZES = ['1K', '2K', '4K'];
const MODALITIES = ['TEXT', 'IMAGE', 'AUDIO'];
const RESOLUTIONS = ['MEDIA_RESOLUTION_UNSPECIFIED', 'MEDIA_RESOLUTION_LOW', 'MEDIA_RESOLUTION_MEDIUM', 'MEDIA_RESOLUTION_HIGH'];

/** Decoded bytes of every inlineData part. */
export function inlineBytes(request: GenerateContentRequest): number {
	let bytes = 0;
	for (const content of request.contents ?? []) {
		for (const part of (content as { parts?: unknown[] }).parts ?? []) {
			const data = isRecord(part) && isRecord(part.inlineData) ? part.inlineData.data : undefined;
			if (typeof data === 'string') bytes += Math.floor((data.length * 3) / 4);
		}
	}
	return bytes;
}

function checkVoice(voice: unknown, at: string): ErrorReply | undefined {
	const name = isRecord(voice) && isRecord(voice.prebuiltVoiceConfig) ? voice.prebuiltVoiceConfig.voiceName : undefined;
	if (typeof name !== 'string' || name === '') return badField(`${at}.prebuilt_voice_config.voice_name`, `Invalid value at '${at}': a prebuilt voice name is required`);
	return undefined;
}

function checkSpeech(speech: unknown): ErrorReply | undefined {
	const at = 'generation_config.speech_config';
	if (!isRecord(speech)) return badField(at, `Invalid value at '${at}', expected an object`);
	if (speech.voiceConfig !== undefined && speech.multiSpeakerVoiceConfig !== undefined) {
		return reply(400, 'speech_config: only one of voice_config and multi_speaker_voice_config may be set.');
	}
	if (speech.voiceConfig !== undefined) return checkVoice(speech.voiceConfig, `${at}.voice_config`);
	const multi = speech.multiSpeakerVoiceConfig;
	const speakers = isRecord(multi) && Array.isArray(multi.speakerVoiceConfigs) ? multi.speakerVoiceConfigs : undefined;
	if (!speakers || speakers.length !== 2) return reply(400, 'multi_speaker_voice_config: exactly two speaker_voice_configs are required.');
	for (const [index, speaker] of speakers.entries()) {
		if (!isRecord(speaker) || typeof speaker.speaker !== 'string') return badField(`${at}.multi_speaker_voice_config.speaker_voice_configs[${index}].speaker`, 'speaker is required');
		const error = checkVoice(speaker.voiceConfig, `${at}.multi_speaker_voice_config.speaker_voice_configs[${index}].voice_config`);
		if (error) return error;
	}
	return undefined;
}

function checkImage(image: unknown): ErrorReply | undefined {
	if (!isRecord(image)) return badField('generation_config.image_config', "Invalid value at 'generation_config.image_config', expected an object");
	if (image.aspectRatio !== undefined && !ASPECT_RATIOS.includes(String(image.aspectRatio))) return reply(400, `Unsupported aspect ratio: ${String(image.aspectRatio)}`);
	if (image.imageSize !== undefined && !IMAGE_SIZES.includes(String(image.imageSize))) return reply(400, `Unsupported image size: ${String(image.imageSize)}`);
	return undefined;
}

export function checkMedia(request: GenerateContentRequest): ErrorReply | undefined {
	const bytes = inlineBytes(request);
	if (bytes > INLINE_LIMIT_BYTES) return reply(400, `Request payload size exceeds the limit: ${INLINE_LIMIT_BYTES} bytes.`);
	const config = request.generationConfig;
	if (!isRecord(config)) return undefined;
	const modalities = config.responseModalities;
	if (modalities !== undefined) {
		const bad = Array.isArray(modalities) ? modalities.find((value) => !MODALITIES.includes(String(value))) : modalities;
		if (bad !== undefined) return invalidEnum('generation_config.response_modalities[0]', 'GenerationConfig.Modality', bad);
	}
	if (config.mediaResolution !== undefined && !RESOLUTIONS.includes(String(config.mediaResolution))) {
		return invalidEnum('generation_config.media_resolution', 'GenerationConfig.MediaResolution', config.mediaResolution);
	}
	if (config.imageConfig !== undefined) return checkImage(config.imageConfig);
	if (config.speechConfig !== undefined) return checkSpeech(config.speechConfig);
	return undefined;
}

/** A fileData part that names one of this server's files must name an existing, ACTIVE file. */
export function checkFileRefs(request: GenerateContentRequest, files: FileStore): ErrorReply | undefined {
	for (const content of request.contents ?? []) {
		for (const part of (content as { parts?: unknown[] }).parts ?? []) {
			const uri = isRecord(part) && isRecord(part.fileData) ? part.fileData.fileUri : undefined;
			const id = typeof uri === 'string' ? /\/v1beta\/files\/([a-z0-9-]+)$/.exec(uri)?.[1] : undefined;
			if (id === undefined) continue;
			const record = files.get(id);
			if (!record) return reply(403, `You do not have permission to access the File ${id} or it may not exist.`);
			if (record.processingReads) return reply(400, `The File ${id} is not in an ACTIVE state and usage is not allowed.`);
		}
	}
	return undefined;
}
