/** Gemini Extract's schema layer: pure functions, no I/O. */
export { describeParameter, parameterLabel, SchemaError, type JsonSchema } from './types';
export { fieldParameter, FIELD_TYPES, ITEM_TYPES, schemaFromFields, type FieldSpec, type FieldType, type ItemType } from './fromFields';
export { schemaFromExample } from './fromExample';
export { assertGeminiSupports, GEMINI_JSON_SCHEMA_KEYWORDS, parseJsonSchema, withoutMetaKeywords } from './geminiSupport';
export { compileValidator, formatPath, MAX_ISSUES, type ValidationResult } from './validate';
export { parseModelJson, type ModelJsonResult } from './parseModelJson';
export { repairInstruction } from './repairPrompt';
