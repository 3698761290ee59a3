import { checkMedia, inlineBytes, INLINE_LIMIT_BYTES } from './mediaChecks';
import { startFakeGemini } from './server';
import { call, uploadFile } from './testkit';
import type { FakeGemini, GenerateContentRequest } from './types';

/** The fake's media checks: the 100 MB inline limit, video processing states, imageConfig / speechConfig shapes. */

const withConfig = (generationConfig: Record<string, unknown>): GenerateContentRequest => ({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }], generationConfig });

describe('fake Gemini media checks', () => {
	it('refuses more than 100 MB of inline data per request, counted over every part', () => {
		const half = 'A'.repeat(Math.ceil((INLINE_LIMIT_BYTES / 2 / 3) * 4) + 8); // a bit over 50 MB decoded
		const request: GenerateContentRequest = { contents: [{ role: 'user', parts: [{ inlineData: { mimeType: 'video/mp4', data: half } }, { inlineData: { mimeType: 'video/mp4', data: half } }] }] };
		expect(inlineBytes(request)).toBeGreaterThan(INLINE_LIMIT_BYTES);
		expect(checkMedia(request)).toMatchObject({ status: 400 });
		request.contents![0].parts!.pop();
		expect(checkMedia(request)).toBeUndefined();
	});

	it('checks imageConfig, speechConfig, mediaResolution and responseModalities', () => {
		expect(checkMedia(withConfig({ imageConfig: { aspectRatio: '16:9', imageSize: '2K' }, responseModalities: ['TEXT', 'IMAGE'] }))).toBeUndefined();
		expect(checkMedia(withConfig({ imageConfig: { aspectRatio: '7:3' } }))).toMatchObject({ status: 400 });
		expect(checkMedia(withConfig({ speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Kore' } } }, responseModalities: ['AUDIO'] }))).toBeUndefined();
		expect(checkMedia(withConfig({ speechConfig: { voiceConfig: {} } }))).toMatchObject({ status: 400 });
		const one = { speaker: 'Joe', voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Kore' } } };
		expect(checkMedia(withConfig({ speechConfig: { multiSpeakerVoiceConfig: { speakerVoiceConfigs: [one] } } }))).toMatchObject({ status: 400 });
		expect(checkMedia(withConfig({ speechConfig: { multiSpeakerVoiceConfig: { speakerVoiceConfigs: [one, { ...one, speaker: 'Jane' }] } } }))).toBeUndefined();
		expect(checkMedia(withConfig({ mediaResolution: 'MEDIA_RESOLUTION_LOW' }))).toBeUndefined();
		expect(checkMedia(withConfig({ mediaResolution: 'LOW' }))).toMatchObject({ status: 400 });
		expect(checkMedia(withConfig({ responseModalities: ['VIDEO'] }))).toMatchObject({ status: 400 });
	});
});

describe('fake Gemini video processing', () => {
	let fake: FakeGemini;
	beforeAll(async () => (fake = await startFakeGemini()));
	afterAll(async () => await fake.close());

	it('a video is PROCESSING for its first reads, refused in a request until ACTIVE, then accepted', async () => {
		const file = await uploadFile(fake, new Uint8Array(1000), { mimeType: 'video/mp4' });
		expect(file.state).toBe('PROCESSING');
		const ask = async () =>
			await call(fake, 'POST', '/v1beta/models/gemini-2.5-flash:generateContent', { contents: [{ role: 'user', parts: [{ text: 'hi' }, { fileData: { mimeType: 'video/mp4', fileUri: file.uri } }] }] });
		expect((await ask()).status).toBe(400);
		const states: unknown[] = [];
		for (let read = 0; read < 3; read++) states.push((await call(fake, 'GET', `/v1beta/${String(file.name)}`)).json.state);
		expect(states).toEqual(['PROCESSING', 'PROCESSING', 'ACTIVE']);
		expect((await ask()).status).toBe(200);
		const image = await uploadFile(fake, new Uint8Array(10), { mimeType: 'image/png' });
		expect(image.state).toBe('ACTIVE');
	});

	it('a fileData reference to a file it does not have is refused (403)', async () => {
		const answer = await call(fake, 'POST', '/v1beta/models/gemini-2.5-flash:generateContent', { contents: [{ role: 'user', parts: [{ fileData: { fileUri: `${fake.url}/v1beta/files/nosuchfile` } }] }] });
		expect(answer.status).toBe(403);
	});
});
