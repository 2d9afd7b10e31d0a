/**
 * What startIntake returns: a running intake and its parts. Kept apart from types.ts, which holds plain data only and
 * imports none of the modules that use it.
 */
import type { FaultController } from './faults.js';
import type { Router } from './router.js';
import type { IntakeStore } from './store.js';

export interface Intake {
  url: string;
  port: number;
  store: IntakeStore;
  faults: FaultController;
  /** The route table: a later module adds its endpoints with `registerXRoutes(intake.router)`. */
  router: Router;
  stop(): Promise<void>;
}
