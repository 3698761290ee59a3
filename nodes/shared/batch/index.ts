export * from './itemError';
export * from './jobs';
export * from './requests';
export * from './results';
