/** The code of a configuration or policy problem, reported on the file that holds it. */
export const INVALID_CONFIGURATION = 'invalid-configuration';
