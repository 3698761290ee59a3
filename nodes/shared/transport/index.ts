export * from './GeminiClient';
export * from './googleError';
export * from './retryPolicy';
export * from './sse';
