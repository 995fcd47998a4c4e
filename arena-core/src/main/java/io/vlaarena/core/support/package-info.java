/**
 * Support that VLA Arena's own modules share and that is not part of the domain: SLF4J's fallback
 * made quiet ({@link io.vlaarena.core.support.QuietSlf4j}). Not for applications; it may change.
 */
package io.vlaarena.core.support;
