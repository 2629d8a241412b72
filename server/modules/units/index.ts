export { findRootByName, findUnit, findUnitByCode, insertUnits } from './units.repo';
export { unitsRoutes } from './units.routes';
export { bulkCreateIn, newUnitRow, toUnitDto, unitInScope } from './units.service';
