package com.clickstream.attribution.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The report in a real browser: Debian's headless Chromium, driven through Debian's chromedriver (both installed
 * by .ci/run when missing; {@code CHROMIUM_BINARY} / {@code CHROMEDRIVER} override the paths). It opens the file
 * (file://, so nothing could be fetched even if the page asked), finds every chart drawn with bars of non-zero
 * size, reads no console error, checks that a phone-width screen has no sideways page scroll, and saves
 * screenshots under target/screenshots/. One browser for the class.
 */
@ExtendWith(ReportDatabase.class)
class RunReportBrowserIT {

    private static final Path OUT = Path.of("target", "screenshots");
    private static ChromeDriver browser;
    private static Path report;

    @BeforeAll
    static void openReport() throws Exception {
        Files.createDirectories(OUT);
        try (Connection c = ReportDatabase.dataSource().getConnection()) {
            report = RunReport.standard().write(c, ReportPeriod.latest(c, ReportPeriod.DEFAULT_DAYS), "RunReportBrowserIT",
                    Path.of("target", "run-report", "report.html"));
        }
        browser = startBrowser();
        browser.get(report.toUri().toString());
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void everyChartIsDrawnWithVisibleBarsAndTooltips() {
        List<WebElement> charts = browser.findElements(By.cssSelector("section.card svg.chart"));
        List<String> sections = browser.findElements(By.cssSelector("table.numbers[data-chart]")).stream()
                .map(t -> t.getAttribute("data-chart")).toList();
        assertThat(sections).containsExactly("models", "daily-revenue", "time-to-purchase", "touches", "paths", "agreement",
                "corrections", "dead-letters");
        assertThat(charts).hasSize(sections.size());
        for (String id : sections) {
            WebElement svg = browser.findElement(By.cssSelector("section#" + id + " svg.chart"));
            assertThat(svg.getSize().getWidth()).as(id).isGreaterThan(200);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> boxes = (List<Map<String, Object>>) ((JavascriptExecutor) browser).executeScript(
                    "return Array.from(arguments[0].querySelectorAll('rect.mark')).map(r => { const b = r.getBoundingClientRect();"
                            + " return {w: b.width, h: b.height, tip: r.querySelector('title') ? r.querySelector('title').textContent : ''}; });",
                    svg);
            assertThat(boxes).as(id).isNotEmpty();
            assertThat(boxes).as(id + ": bars with an area").anyMatch(b -> ((Number) b.get("w")).doubleValue() > 0
                    && ((Number) b.get("h")).doubleValue() > 0);
            assertThat(boxes).as(id + ": tooltips").allMatch(b -> ((String) b.get("tip")).contains(":"));
            assertThat(svg.findElements(By.cssSelector("text.axis-label"))).as(id + ": axis labels").hasSize(2);
        }
    }

    @Test
    void theConsoleHasNoError() {
        browser.navigate().refresh();
        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).toList();
        assertThat(errors).isEmpty();
    }

    @Test
    void aPhoneScreenScrollsChartsNotThePageAndScreenshotsAreSaved() throws Exception {
        JavascriptExecutor js = browser;
        try {
            browser.manage().window().setSize(new Dimension(390, 844));
            Number overflow = (Number) js.executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertThat(overflow.intValue()).as("sideways page scroll on a phone").isLessThanOrEqualTo(0);
            screenshot("report-phone.png", 390);
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 900));
        }
        Path desktop = screenshot("report-desktop.png", 1280);
        assertThat(Files.size(desktop)).isGreaterThan(20_000);
    }

    /** The whole page at {@code width}: the window is made as tall as the document first. */
    private static Path screenshot(String name, int width) throws Exception {
        Number height = (Number) browser.executeScript("return document.documentElement.scrollHeight;");
        browser.manage().window().setSize(new Dimension(width, Math.min(height.intValue() + 120, 16_000)));
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Path target = OUT.resolve(name);
        Files.copy(shot.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    private static ChromeDriver startBrowser() throws Exception {
        String binary = System.getenv().getOrDefault("CHROMIUM_BINARY", "/usr/bin/chromium");
        String driver = System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver");
        if (!Files.isExecutable(Path.of(binary)) || !Files.isExecutable(Path.of(driver))) {
            fail("no " + binary + " or " + driver + ": install Debian's chromium and chromium-driver "
                    + "(.ci/run does: apt-get install -y chromium chromium-driver)");
        }
        Path profile = Files.createDirectories(Path.of("target", "chromium-profile").toAbsolutePath());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900", "--hide-scrollbars", "--user-data-dir=" + profile,
                // nothing leaves the machine: no update checks, sync, or default-app fetches
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--no-first-run", "--no-default-browser-check");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(driver))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }
}
