export { personalize, recommendFor, personalizationModel, placementOf, UnknownPlacementError, type PersonalizeOptions } from './personalize-service.js';
