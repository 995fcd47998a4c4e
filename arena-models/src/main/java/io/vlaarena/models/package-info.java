/**
 * Product models that applications and the command line use: {@link io.vlaarena.models.ScriptedExpert},
 * a scripted baseline that does the bundled tasks with inverse kinematics and state machines.
 */
package io.vlaarena.models;
