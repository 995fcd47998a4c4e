/**
 * The original VLA Arena's HTTP contracts: {@link io.vlaarena.http.VlaServiceClient} calls remote
 * VLA services over their replicas (with failover and retries), {@link io.vlaarena.http.HttpVla} and
 * {@link io.vlaarena.http.RemoteEpisodeGenerator} turn them into policies and episode generators,
 * {@link io.vlaarena.http.VlaService} serves any policy and {@link io.vlaarena.http.ArenaService}
 * serves an arena as the backend REST API; {@link io.vlaarena.http.ModelsConfig} reads
 * {@code models.yaml}. See {@code docs/http.md}.
 */
package io.vlaarena.http;
