export * from './api-gateway-producer-props';
export * from './api-gateway-producer';
