/**
 * A generator of model directories with Octo-Small's interface and seeded, untrained weights
 * ({@link io.vlaarena.models.onnx.OctoModels}), written with the ONNX protobuf classes: for
 * exercising the ONNX adapters and measuring the architecture's cost, never a robot task.
 */
package io.vlaarena.models.onnx;
