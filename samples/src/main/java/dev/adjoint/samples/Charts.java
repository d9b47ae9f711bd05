package dev.adjoint.samples;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The charts of the showcases, drawn with JFreeChart off screen ({@code java.awt.headless} is set
 * before any AWT class is touched) and written as PNG files.
 *
 * <p>Charts go to the directory named by the system property {@value #DIRECTORY_PROPERTY} (the
 * samples' {@code exec:java} sets it to {@code samples/target/charts}); without it, to
 * {@code samples/target/charts} when run from the project root and {@code target/charts} otherwise.
 */
public final class Charts {

    /** The system property naming the directory the charts are written to. */
    public static final String DIRECTORY_PROPERTY = "adjoint.samples.charts";

    static {
        headless();
    }

    private static final int WIDTH = 900;
    private static final int HEIGHT = 600;
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    private static final Color[] SERIES_COLOURS = {
        new Color(0xC0392B), new Color(0x1F5FA8), new Color(0x2E8B57), new Color(0x7D3C98)};

    private Charts() {
    }

    /** Draws off screen: sets {@code java.awt.headless=true} unless it was set explicitly. */
    public static void headless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** The directory charts are written to by default (see the class comment). */
    public static Path defaultDirectory() {
        String configured = System.getProperty(DIRECTORY_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured);
        }
        if (Files.isRegularFile(Paths.get("samples", "pom.xml"))) {
            return Paths.get("samples", "target", "charts");
        }
        return Paths.get("target", "charts");
    }

    /** A named curve of a line chart. */
    public record Curve(String name, double[] x, double[] y) {
    }

    /**
     * Writes a line chart of {@code curves} to {@code file} (directories created) and returns the
     * file.
     */
    public static Path lineChart(Path file, String title, String subtitle, String xLabel, String yLabel,
                                 List<Curve> curves) {
        XYSeriesCollection dataset = new XYSeriesCollection();
        for (Curve curve : curves) {
            dataset.addSeries(series(curve.name(), curve.x(), curve.y()));
        }
        NumberAxis xAxis = new NumberAxis(xLabel);
        xAxis.setAutoRangeIncludesZero(false);
        NumberAxis yAxis = new NumberAxis(yLabel);
        yAxis.setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int s = 0; s < curves.size(); s++) {
            renderer.setSeriesPaint(s, SERIES_COLOURS[s % SERIES_COLOURS.length]);
            renderer.setSeriesStroke(s, new BasicStroke(2.2f));
        }
        XYPlot plot = new XYPlot(dataset, xAxis, yAxis, renderer);
        style(plot);
        xAxis.setRange(dataset.getDomainLowerBound(false), dataset.getDomainUpperBound(false));
        return write(file, chart(title, subtitle, plot, curves.size() > 1));
    }

    /**
     * Writes a chart of paths in the plane over a banded heat map of {@code background} (contour-like
     * bands of its value), with the points in {@code markers} drawn as dots, and returns the file.
     *
     * @param background the field drawn behind the paths, as {@code {x, y, value}} over a regular grid
     *     with spacing {@code cellWidth} by {@code cellHeight}
     * @param scale the colours of the background values
     * @param scaleLabel the label of the background's colour bar
     */
    public static Path pathsOverField(Path file, String title, String subtitle, String xLabel, String yLabel,
                                      List<Curve> paths, List<Curve> markers,
                                      double[][] background, double cellWidth, double cellHeight,
                                      PaintScale scale, String scaleLabel) {
        XYSeriesCollection lines = new XYSeriesCollection();
        for (Curve path : paths) {
            lines.addSeries(series(path.name(), path.x(), path.y()));
        }
        for (Curve marker : markers) {
            lines.addSeries(series(marker.name(), marker.x(), marker.y()));
        }
        XYLineAndShapeRenderer lineRenderer = new XYLineAndShapeRenderer();
        for (int s = 0; s < paths.size(); s++) {
            lineRenderer.setSeriesLinesVisible(s, true);
            lineRenderer.setSeriesShapesVisible(s, false);
            lineRenderer.setSeriesPaint(s, SERIES_COLOURS[s % SERIES_COLOURS.length]);
            lineRenderer.setSeriesStroke(s, new BasicStroke(2.2f));
        }
        Color[] markerColours = {Color.BLACK, new Color(0xE67E22), new Color(0x555555)};
        for (int m = 0; m < markers.size(); m++) {
            int s = paths.size() + m;
            lineRenderer.setSeriesLinesVisible(s, false);
            lineRenderer.setSeriesShapesVisible(s, true);
            lineRenderer.setSeriesShape(s, new Ellipse2D.Double(-6, -6, 12, 12));
            lineRenderer.setSeriesPaint(s, markerColours[m % markerColours.length]);
        }

        DefaultXYZDataset field = new DefaultXYZDataset();
        field.addSeries("field", background);
        XYBlockRenderer blocks = new XYBlockRenderer();
        blocks.setBlockWidth(cellWidth);
        blocks.setBlockHeight(cellHeight);
        blocks.setPaintScale(scale);
        blocks.setDefaultSeriesVisibleInLegend(false);

        NumberAxis xAxis = new NumberAxis(xLabel);
        xAxis.setAutoRangeIncludesZero(false);
        NumberAxis yAxis = new NumberAxis(yLabel);
        yAxis.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(lines, xAxis, yAxis, lineRenderer);
        plot.setDataset(1, field);
        plot.setRenderer(1, blocks);
        style(plot);
        double[] xs = background[0];
        double[] ys = background[1];
        xAxis.setRange(min(xs) - cellWidth / 2, max(xs) + cellWidth / 2);
        yAxis.setRange(min(ys) - cellHeight / 2, max(ys) + cellHeight / 2);

        JFreeChart chart = chart(title, subtitle, plot, true);
        NumberAxis scaleAxis = new NumberAxis(scaleLabel);
        scaleAxis.setRange(scale.getLowerBound(), scale.getUpperBound());
        PaintScaleLegend legend = new PaintScaleLegend(scale, scaleAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(new RectangleInsets(30, 10, 30, 10));
        legend.setStripWidth(14);
        legend.setSubdivisionCount(200);
        chart.addSubtitle(legend);
        return write(file, chart);
    }

    /**
     * A colour scale in bands, light for high values and blue for low ones, so that a heat map
     * drawn with it reads like a filled contour plot.
     */
    public static PaintScale bands(double lower, double upper, int bandCount) {
        return new PaintScale() {
            @Override
            public double getLowerBound() {
                return lower;
            }

            @Override
            public double getUpperBound() {
                return upper;
            }

            @Override
            public Paint getPaint(double value) {
                double t = (Math.min(Math.max(value, lower), upper) - lower) / (upper - lower);
                double band = Math.min(Math.floor(t * bandCount), bandCount - 1) / (bandCount - 1);
                Color low = new Color(0x6FA8DC);
                Color high = new Color(0xFFF8E7);
                return new Color(
                        (int) Math.round(low.getRed() + band * (high.getRed() - low.getRed())),
                        (int) Math.round(low.getGreen() + band * (high.getGreen() - low.getGreen())),
                        (int) Math.round(low.getBlue() + band * (high.getBlue() - low.getBlue())));
            }
        };
    }

    private static XYSeries series(String name, double[] x, double[] y) {
        XYSeries series = new XYSeries(name, false, true);
        for (int i = 0; i < x.length; i++) {
            series.add(x[i], y[i]);
        }
        return series;
    }

    private static void style(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
    }

    private static JFreeChart chart(String title, String subtitle, XYPlot plot, boolean legend) {
        JFreeChart chart = new JFreeChart(title, TITLE_FONT, plot, legend);
        chart.setBackgroundPaint(Color.WHITE);
        if (subtitle != null) {
            chart.addSubtitle(new TextTitle(subtitle, new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
        }
        return chart;
    }

    private static Path write(Path file, JFreeChart chart) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the chart " + file, e);
        }
    }

    private static double min(double[] values) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : values) {
            m = Math.min(m, v);
        }
        return m;
    }

    private static double max(double[] values) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            m = Math.max(m, v);
        }
        return m;
    }
}
