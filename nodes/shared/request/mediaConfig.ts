import type { MediaOutputOptions } from '../parameters/mediaSettings';

/**
 * generationConfig fields for media (https://ai.google.dev/api/generate-content#GenerationConfig):
 * `mediaResolution`, `imageConfig` (aspectRatio, imageSize) with IMAGE output, and
 * `speechConfig` (voiceConfig or multiSpeakerVoiceConfig) with AUDIO output. Pure.
 */

const voiceConfig = (voiceName: string) => ({ prebuiltVoiceConfig: { voiceName } });

export function mediaGenerationConfig(media: MediaOutputOptions | undefined): Record<string, unknown> {
	if (!media) return {};
	const config: Record<string, unknown> = {};
	if (media.mediaResolution) config.mediaResolution = `MEDIA_RESOLUTION_${media.mediaResolution.toUpperCase()}`;
	if (media.aspectRatio || media.imageSize) {
		config.imageConfig = { ...(media.aspectRatio && { aspectRatio: media.aspectRatio }), ...(media.imageSize && { imageSize: media.imageSize }) };
		config.responseModalities = ['TEXT', 'IMAGE'];
	}
	if (media.speakers) {
		config.speechConfig = {
			multiSpeakerVoiceConfig: { speakerVoiceConfigs: media.speakers.map(({ speaker, voiceName }) => ({ speaker, voiceConfig: voiceConfig(voiceName) })) },
		};
		config.responseModalities = ['AUDIO'];
	} else if (media.voiceName) {
		config.speechConfig = { voiceConfig: voiceConfig(media.voiceName) };
		config.responseModalities = ['AUDIO'];
	}
	return config;
}
