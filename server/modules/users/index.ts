export {
  countActiveUsersInSubtree,
  countUsers,
  deleteSessionsOf,
  findUserById,
  findUserByUsername,
  type UserRow,
  updateUser,
} from './users.repo';
export { usersRoutes } from './users.routes';
export { createAccount, resetPassword } from './users.service';
