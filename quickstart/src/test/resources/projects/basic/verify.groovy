// The generated project built (goal.txt); check that it built what a user expects, not just "green":
// the processor ran, and surefire found and ran both JUnit 5 tests (a miswired surefire runs none and passes).
// basedir is this folder; the generated project is project/<artifactId>.
def project = new File(basedir, 'project/demo')
def grad = new File(project, 'target/generated-sources/annotations/com/example/demo/ModelGrad.java')
assert grad.isFile() : "no generated ModelGrad.java: the processor did not run"
def report = new File(project, 'target/surefire-reports/TEST-com.example.demo.ModelTest.xml')
assert report.isFile() : "no surefire report for ModelTest: JUnit 5 tests were not run"
def suite = (report.text =~ /<testsuite [^>]*>/)[0]
assert suite.contains('tests="2"') : "ModelTest did not run 2 tests: " + suite
assert suite.contains('failures="0"') && suite.contains('errors="0"') : suite
return true
