export { interactionsSql, readInteractions } from './interactions.sql.js';
export { fitModelFromWarehouse, evaluateOnWarehouse } from './fit-from-warehouse.js';
