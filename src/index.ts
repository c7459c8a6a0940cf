// The library API of healmap: the typed map model, the graph, and the stages built on them.
export type { Component, ComponentId, ComponentKind, ConfigField, ConfigRule, ConfigSpec, FieldType, FileSpec, MapMessage, MapModel, MessageSeverity, Place, ResolvedSettings, WorkerSpec } from './map/types.js';
export { loadMap, loadMapText, type LoadedMap, type LoadMapTextOptions } from './map/load-map.js';
export { formatMessage } from './map/messages.js';
export { DEFAULT_SETTINGS } from './map/read-settings.js';
export { parseDuration, formatDuration } from './map/parse-values.js';
export { buildGraph, transitiveDependencies, transitiveDependents, type DependencyGraph, type Edge } from './graph/build-graph.js';
export { topologicalOrder } from './graph/topological-order.js';
export { findCycles } from './graph/find-cycles.js';
export { graphToJson, type GraphJson } from './report/graph-json.js';
export { renderDot, renderMermaid } from './report/render-graph.js';
