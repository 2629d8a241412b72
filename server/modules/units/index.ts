export { findRootByName, findUnit, findUnitByCode, insertUnits } from './units.repo';
export { unitsRoutes } from './units.routes';
export { bulkCreateIn, newUnitRow, toUnitDto } from './units.service';
