export * from './GeminiClient';
export * from './googleError';
export * from './quota';
export * from './retryPolicy';
export * from './sse';
