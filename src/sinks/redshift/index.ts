export * from './deliver-to-redshift';
export * from './deliver-to-redshift-props';
export * from './redshift-load-mode';
export * from './redshift-target';
