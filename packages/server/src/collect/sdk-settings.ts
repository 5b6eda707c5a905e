/**
 * The settings document `@segment/analytics-next` loads from `<cdnURL>/v1/projects/<writeKey>/settings`
 * before it sends anything. It names this server as the only destination ("Segment.io", whose
 * apiHost/protocol the SDK posts events to) and lists no device-mode destinations, remote plugins,
 * middleware or routing rules, so the SDK fetches nothing else; remote metrics are off.
 */
export function sdkSettings(writeKey: string, apiHost: string, protocol: 'http' | 'https') {
  return {
    integrations: {
      'Segment.io': {
        apiKey: writeKey,
        apiHost,
        protocol,
        unbundledIntegrations: [],
        addBundledMetadata: true,
        maybeBundledConfigIds: {},
        versionSettings: { version: '4.4.7', componentTypes: ['browser'] },
      },
    },
    plan: {
      track: { __default: { enabled: true, integrations: {} } },
      identify: { __default: { enabled: true } },
      group: { __default: { enabled: true } },
    },
    edgeFunction: {},
    analyticsNextEnabled: true,
    middlewareSettings: {},
    enabledMiddleware: {},
    metrics: { sampleRate: 0 },
    legacyVideoPluginsEnabled: false,
    remotePlugins: [],
  };
}
