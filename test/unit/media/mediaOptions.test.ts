import type { IDataObject } from 'n8n-workflow';

import { parseMediaInputs, parseMediaOutputs } from '../../../nodes/shared/parameters/mediaSettings';
import { InvalidParameterError } from '../../../nodes/shared/parameters/settings';
import { classifyFileUrl, mimeTypeFromUrl } from '../../../nodes/shared/media/fileUrls';
import { mediaGenerationConfig } from '../../../nodes/shared/request/mediaConfig';

const fail = (parameter: string, label: string, problem: string, value: unknown): never => {
	throw new InvalidParameterError(parameter, `${label} (${parameter}) ${problem}; got ${JSON.stringify(value)}`);
};
const outputs = (options: IDataObject) => parseMediaOutputs(options, fail);

describe('media options → generationConfig (https://ai.google.dev/api/generate-content#GenerationConfig)', () => {
	it('asks for images with imageConfig and the IMAGE modality', () => {
		expect(mediaGenerationConfig(outputs({ aspectRatio: '16:9', imageSize: '2K' }))).toEqual({
			imageConfig: { aspectRatio: '16:9', imageSize: '2K' },
			responseModalities: ['TEXT', 'IMAGE'],
		});
	});

	it('asks for speech with one prebuilt voice, or two speakers with multiSpeakerVoiceConfig', () => {
		expect(mediaGenerationConfig(outputs({ voiceName: 'Kore' }))).toEqual({
			speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Kore' } } },
			responseModalities: ['AUDIO'],
		});
		const dialogue = outputs({ speakers: { speaker: [{ speaker: 'Joe', voiceName: 'Kore' }, { speaker: 'Jane', voiceName: 'Puck' }] } });
		expect(mediaGenerationConfig(dialogue)).toEqual({
			speechConfig: {
				multiSpeakerVoiceConfig: {
					speakerVoiceConfigs: [
						{ speaker: 'Joe', voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Kore' } } },
						{ speaker: 'Jane', voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Puck' } } },
					],
				},
			},
			responseModalities: ['AUDIO'],
		});
	});

	it('sends Media Resolution as the API enum and nothing when no media option is set', () => {
		expect(mediaGenerationConfig(outputs({ mediaResolution: 'low' }))).toEqual({ mediaResolution: 'MEDIA_RESOLUTION_LOW' });
		expect(mediaGenerationConfig(outputs({}))).toEqual({});
	});

	it('refuses bad values naming the parameter', () => {
		expect(() => outputs({ aspectRatio: '7:3' })).toThrow(/Aspect Ratio \(options\.aspectRatio\) must be one of 1:1/);
		expect(() => outputs({ speakers: { speaker: [{ speaker: 'Joe', voiceName: 'Kore' }] } })).toThrow(/options\.speakers.*exactly two/);
		expect(() => outputs({ speakers: { speaker: [{ speaker: 'Joe', voiceName: '' }, { speaker: 'A', voiceName: 'B' }] } })).toThrow(/row 1 needs both/);
		expect(() => outputs({ voiceName: 'Kore', speakers: { speaker: [{ speaker: 'A', voiceName: 'B' }, { speaker: 'C', voiceName: 'D' }] } })).toThrow(/options\.voiceName.*Speakers/);
		expect(() => parseMediaInputs({}, { fileUpload: 'sometimes' }, fail)).toThrow(/Upload Binary Data \(requestOptions\.fileUpload\)/);
	});

	it('reads File URLs comma or line separated, and Upload Binary Data', () => {
		expect(parseMediaInputs({ fileUrls: 'https://a.example/x.pdf,\n gs://b/v.mp4\nfiles/abc' }, { fileUpload: 'always' }, fail)).toEqual({
			uploadMode: 'always',
			fileUrls: ['https://a.example/x.pdf', 'gs://b/v.mp4', 'files/abc'],
		});
		expect(parseMediaInputs({}, {}, fail)).toEqual({ uploadMode: 'auto', fileUrls: [] });
	});
});

describe('File URLs', () => {
	it('tells Files API names from URLs and refuses anything else naming the entry', () => {
		expect(classifyFileUrl('files/abc-123', 0)).toBe('filesApi');
		expect(classifyFileUrl('gs://bucket/a.mp4', 0)).toBe('url');
		expect(classifyFileUrl('https://example.com/a.pdf?sig=1', 0)).toBe('url');
		expect(() => classifyFileUrl('ftp://example.com/a', 1)).toThrow(/File URLs \(options\.fileUrls\) entry 2 is not an http\(s\) URL/);
	});

	it('takes the MIME type from the extension, ignoring the query', () => {
		expect(mimeTypeFromUrl('https://example.com/a.PDF?sig=abc')).toBe('application/pdf');
		expect(mimeTypeFromUrl('gs://b/clip.mp4')).toBe('video/mp4');
		expect(mimeTypeFromUrl('https://example.com/download')).toBeUndefined();
	});
});
