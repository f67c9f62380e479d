import type { RouteDefinition } from '../routes';

export interface RouteMatch {
  route: RouteDefinition;
  pathParameters: Record<string, string>;
}

interface CompiledRoute {
  route: RouteDefinition;
  pattern: RegExp;
  names: string[];
  /** Static segments win over parameters, as in API Gateway: /leads/stats before /leads/{id}. */
  specificity: number;
}

export class Router {
  private readonly compiled: CompiledRoute[];

  constructor(routes: RouteDefinition[]) {
    this.compiled = routes
      .map((route) => {
        const names: string[] = [];
        const segments = route.path.split('/').filter(Boolean);
        const source = segments
          .map((segment) => {
            const param = segment.match(/^\{(\w+)\+?\}$/);
            if (param?.[1]) {
              names.push(param[1]);
              return '/([^/]+)';
            }
            return `/${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
          })
          .join('');
        const specificity = segments.reduce((sum, s, i) => sum + (s.startsWith('{') ? 0 : 2 ** (16 - i)), 0);
        return { route, pattern: new RegExp(`^${source || '/'}/?$`), names, specificity };
      })
      .sort((a, b) => b.specificity - a.specificity);
  }

  /** 'malformed_path': a parameter's percent-encoding does not decode (API Gateway answers those with 400). */
  match(method: string, path: string): RouteMatch | 'method_not_allowed' | 'malformed_path' | undefined {
    let pathMatched = false;
    for (const candidate of this.compiled) {
      const found = candidate.pattern.exec(path);
      if (!found) continue;
      pathMatched = true;
      if (candidate.route.method !== method) continue;
      const pathParameters: Record<string, string> = {};
      try {
        candidate.names.forEach((name, i) => {
          pathParameters[name] = decodeURIComponent(found[i + 1] ?? '');
        });
      } catch {
        return 'malformed_path';
      }
      return { route: candidate.route, pathParameters };
    }
    return pathMatched ? 'method_not_allowed' : undefined;
  }
}
