// Apache Jena's SHACL engine (org.apache.jena.shacl) on several data graphs in one JVM:
// java -cp JENA ShaclReports.java SHAPES DATA... prints, for each DATA, a line
// "# report DATA" and then Jena's validation report as N-Triples. The same validation as
// Jena's `shacl validate --shapes SHAPES --data DATA`, without a JVM start for each graph
// (tests/jena_shacl.py runs it).
import org.apache.jena.graph.Graph;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.ValidationReport;

public class ShaclReports {
    public static void main(String[] args) {
        Shapes shapes = Shapes.parse(RDFDataMgr.loadGraph(args[0]));
        for (int i = 1; i < args.length; i++) {
            Graph data = RDFDataMgr.loadGraph(args[i]);
            ValidationReport report = ShaclValidator.get().validate(shapes, data);
            System.out.println("# report " + args[i]);
            RDFDataMgr.write(System.out, report.getModel(), Lang.NTRIPLES);
        }
    }
}
