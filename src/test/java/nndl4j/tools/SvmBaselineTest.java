package nndl4j.tools;

import nndl4j.data.DataSpec;
import nndl4j.data.Dataset;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SvmBaselineTest {

    @Test
    void scoresAtLeast85PercentOnRealDigitsAfter2000() {
        String t10k = RealDigits.t10k();
        Dataset training = DataSpec.load(t10k + "[:2000]");
        Dataset test = DataSpec.load(t10k + "[8000:]");
        List<int[]> progress = new ArrayList<>();
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        SvmBaseline svm;
        System.setOut(new PrintStream(printed, true));
        try {
            svm = SvmBaseline.train(training, (done, total) -> progress.add(new int[] {done, total}));
        } finally {
            System.setOut(stdout);
        }
        assertEquals("", printed.toString(), "LIBSVM's dots go to the progress listener, not stdout");
        assertEquals(46, progress.size(), "0 to 45 pairs of digits");
        assertEquals(45, progress.get(45)[0]);
        assertEquals(45, progress.get(45)[1]);

        int correct = svm.correct(test);
        assertTrue(correct >= 1700, "SVM on 2,000 digits: " + correct + " / 2000");
        assertTrue(svm.supportVectors() > 0 && svm.supportVectors() <= 2000);
        assertEquals(1.0 / 784, SvmBaseline.gamma(784));
    }
}
