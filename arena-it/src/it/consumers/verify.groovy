// What each consumer module put on its runtime class path (maven-dependency-plugin:list), held
// against what the VLA Arena module it depends on needs; prints and writes the footprints.
def expected = [
    'core'            : ['io.vlaarena:arena-core'],
    'sim'             : ['io.vlaarena:arena-core', 'io.vlaarena:arena-sim'],
    'http'            : ['io.vlaarena:arena-core', 'io.vlaarena:arena-adapters-http',
                         'com.fasterxml.jackson.core:jackson-annotations', 'com.fasterxml.jackson.core:jackson-core',
                         'com.fasterxml.jackson.core:jackson-databind', 'com.fasterxml.jackson.dataformat:jackson-dataformat-yaml',
                         'org.yaml:snakeyaml', 'org.eclipse.jetty:jetty-server', 'org.eclipse.jetty:jetty-http',
                         'org.eclipse.jetty:jetty-util', 'org.eclipse.jetty:jetty-io', 'org.slf4j:slf4j-api'],
    // ONNX Runtime and the card reader; DJL is optional
    'onnx'            : ['io.vlaarena:arena-core', 'io.vlaarena:arena-adapters-onnx', 'com.microsoft.onnxruntime:onnxruntime',
                         'com.fasterxml.jackson.core:jackson-annotations', 'com.fasterxml.jackson.core:jackson-core',
                         'com.fasterxml.jackson.core:jackson-databind'],
    // msgpack and Jetty's WebSocket client and server
    'openpi'          : ['io.vlaarena:arena-core', 'io.vlaarena:arena-adapters-openpi', 'org.msgpack:msgpack-core',
                         'org.eclipse.jetty.compression:jetty-compression-common', 'org.eclipse.jetty.compression:jetty-compression-gzip',
                         'org.eclipse.jetty.websocket:jetty-websocket-core-client', 'org.eclipse.jetty.websocket:jetty-websocket-core-common',
                         'org.eclipse.jetty.websocket:jetty-websocket-core-server', 'org.eclipse.jetty.websocket:jetty-websocket-jetty-api',
                         'org.eclipse.jetty.websocket:jetty-websocket-jetty-client', 'org.eclipse.jetty.websocket:jetty-websocket-jetty-common',
                         'org.eclipse.jetty.websocket:jetty-websocket-jetty-server', 'org.eclipse.jetty:jetty-alpn-client',
                         'org.eclipse.jetty:jetty-client', 'org.eclipse.jetty:jetty-http', 'org.eclipse.jetty:jetty-io',
                         'org.eclipse.jetty:jetty-server', 'org.eclipse.jetty:jetty-util', 'org.slf4j:slf4j-api'],
    // the MongoDB driver only: no embedded server, H2 or Netty
    'storage'         : ['io.vlaarena:arena-core', 'io.vlaarena:arena-storage', 'org.mongodb:bson', 'org.mongodb:bson-record-codec',
                         'org.mongodb:mongodb-driver-core', 'org.mongodb:mongodb-driver-sync'],
    'storage-embedded': ['io.vlaarena:arena-core', 'io.vlaarena:arena-storage', 'io.vlaarena:arena-storage-embedded',
                         'org.mongodb:bson', 'org.mongodb:bson-record-codec', 'org.mongodb:mongodb-driver-core',
                         'org.mongodb:mongodb-driver-sync', 'com.h2database:h2', 'de.bwaldvogel:mongo-java-server',
                         'de.bwaldvogel:mongo-java-server-core', 'de.bwaldvogel:mongo-java-server-h2-backend',
                         'de.bwaldvogel:mongo-java-server-memory-backend', 'io.netty:netty-buffer', 'io.netty:netty-codec',
                         'io.netty:netty-codec-base', 'io.netty:netty-codec-compression', 'io.netty:netty-codec-marshalling',
                         'io.netty:netty-codec-protobuf', 'io.netty:netty-common', 'io.netty:netty-handler',
                         'io.netty:netty-resolver', 'io.netty:netty-transport', 'io.netty:netty-transport-native-unix-common',
                         'org.slf4j:slf4j-api'],
    // no JUnit, AssertJ or ByteBuddy: the product models, the simulator the scripted expert plans
    // with, and the ONNX protobuf classes
    'models'          : ['io.vlaarena:arena-core', 'io.vlaarena:arena-models', 'io.vlaarena:arena-sim',
                         'org.tribuo:tribuo-util-onnx', 'com.google.protobuf:protobuf-java'],
    'testkit'         : null,   // test support brings every module along: reported, not held to a list
]
def failures = []
def rows = []
expected.each { module, wanted ->
    def list = new File(basedir, "${module}/target/runtime-dependencies.txt")
    if (!list.isFile()) {
        failures << "${module}: no ${list}"
        return
    }
    def jars = [:]
    list.eachLine { line ->
        def m = line.trim() =~ /^([^:\s]+):([^:]+):jar:(?:[^:]+:)?([^:]+):(compile|runtime):(.+\.jar)/
        if (m.find()) {
            jars["${m.group(1)}:${m.group(2)}"] = new File(m.group(5).trim())
        }
    }
    long bytes = jars.values().sum(0L) { it.length() }
    rows << String.format(Locale.ROOT, "%-18s %3d jars %8.1f MiB", module, jars.size(), bytes / 1048576.0)
    println "${module}: ${jars.keySet().sort()}"
    if (wanted != null && jars.keySet().sort() != wanted.sort()) {
        failures << "${module}: runtime class path ${jars.keySet().sort()}, expected ${wanted.sort()}"
    }
}
def report = rows.join('\n')
println report
new File(basedir, 'target').mkdirs()
new File(basedir, 'target/footprints.txt').text = report + '\n'
if (failures) {
    throw new IllegalStateException(failures.join('\n'))
}
return true
