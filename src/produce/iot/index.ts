export * from './iot-rule-producer-props';
export * from './iot-rule-producer';
