import { Injectable } from '@nestjs/common';
import type { ProjectSettings, ProjectState } from './mindbox.entities';
import { createProjectState } from './project-state';

/** Every simulated Mindbox project, in memory, by endpoint id. */
@Injectable()
export class MindboxStore {
  private readonly projects = new Map<string, ProjectState>();

  /** Undefined when the endpoint id is taken. */
  create(settings: ProjectSettings): ProjectState | undefined {
    if (this.projects.has(settings.endpointId)) return undefined;
    const state = createProjectState(settings);
    this.projects.set(settings.endpointId, state);
    return state;
  }

  get(endpointId: string): ProjectState | undefined {
    return this.projects.get(endpointId);
  }

  list(): ProjectState[] {
    return [...this.projects.values()];
  }

  clear(): void {
    this.projects.clear();
  }
}
