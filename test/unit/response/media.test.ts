import { binaryPropertyName, mediaCounts, mediaOf, pcmSampleRate, pcmToWav } from '../../../nodes/shared/response/media';
import { recorded } from './recorded';

describe('mediaOf', () => {
	it('turns the recorded image answer into a JPEG file', () => {
		const [file, ...rest] = mediaOf(recorded('vercel-google-image').parts);
		expect(rest).toEqual([]);
		expect(file).toMatchObject({ kind: 'image', mimeType: 'image/jpeg', fileExtension: 'jpg' });
		expect([...file.data.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
	});

	it('wraps raw L16 PCM speech as WAV with the sample rate of its mime type', () => {
		const pcm = Buffer.from([1, 0, 2, 0, 3, 0, 4, 0]);
		const [file] = mediaOf([{ inlineData: { mimeType: 'audio/L16;codec=pcm;rate=16000', data: pcm.toString('base64') } }]);

		expect(file).toMatchObject({ kind: 'audio', mimeType: 'audio/wav', fileExtension: 'wav' });
		expect(file.data.subarray(0, 4).toString('ascii')).toBe('RIFF');
		expect(file.data.readUInt32LE(24)).toBe(16000);
		expect(file.data.subarray(44)).toEqual(pcm);
	});

	it('leaves out images the model drew while thinking, and keeps the order of the rest', () => {
		const png = Buffer.from('png').toString('base64');
		const files = mediaOf([
			{ inlineData: { mimeType: 'image/png', data: png }, thought: true },
			{ inlineData: { mimeType: 'image/png', data: png } },
			{ text: 'and' },
			{ inlineData: { mimeType: 'audio/mpeg', data: png } },
		]);
		expect(files.map((f) => [f.kind, f.fileExtension])).toEqual([
			['image', 'png'],
			['audio', 'mp3'],
		]);
		expect(mediaCounts(files)).toEqual({ images: 1, audio: 1 });
		expect(mediaCounts([])).toBeUndefined();
	});
});

describe('pcmToWav', () => {
	it('writes a 44-byte RIFF header for 16-bit mono PCM', () => {
		const wav = pcmToWav(Buffer.alloc(10), 24000);
		expect(wav.length).toBe(54);
		expect(wav.subarray(8, 16).toString('ascii')).toBe('WAVEfmt ');
		expect(wav.readUInt32LE(4)).toBe(46);
		expect(wav.readUInt16LE(22)).toBe(1);
		expect(wav.readUInt32LE(28)).toBe(48000);
		expect(wav.readUInt16LE(34)).toBe(16);
		expect(wav.readUInt32LE(40)).toBe(10);
	});

	it('defaults to Gemini TTS’s 24 kHz when the mime type names no rate', () => {
		expect(pcmSampleRate('audio/L16;codec=pcm')).toBe(24000);
		expect(pcmSampleRate('audio/L16; rate=44100')).toBe(44100);
	});
});

describe('binaryPropertyName', () => {
	it('follows n8n: data, data_1, data_2', () => {
		expect([0, 1, 2].map(binaryPropertyName)).toEqual(['data', 'data_1', 'data_2']);
	});
});
