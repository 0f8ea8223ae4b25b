export * from './MlPatternsApi.server';
