/** Transport and image details of the openpi adapters; may change at any time. */
package io.vlaarena.openpi.internal;
