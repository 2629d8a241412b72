/** What other features may use from the grid module. */
export { UnitTreeSelect } from './UnitTreeSelect';
export { UnitTypeTag } from './unit-display';
