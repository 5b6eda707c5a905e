/** Deterministic demo data: the Northwind Outfitters business, with planted effects to find. */
export { generateDemoMessages, demoWindow, demoStartEndingToday, DEMO_DEFAULT_START, DEMO_DEFAULT_DAYS, type DemoOptions } from './generate.js';
export * from './planted-effects.js';
export { PERSONAS, PERSONA_NAMES, type Persona, type PersonaName } from './personas.js';
export { PRODUCTS, STORES, CATEGORIES, type Product, type Store } from './catalogue.js';
export { feedbackPhrases, type FeedbackTopic, type Language as FeedbackLanguage } from './feedback-text.js';
export { measurePlantedEffects, type PlantedEffectsReport } from './measure.js';
