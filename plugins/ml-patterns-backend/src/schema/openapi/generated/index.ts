export * from './router';
export * from './apis';
