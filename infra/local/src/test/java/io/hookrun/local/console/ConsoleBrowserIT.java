package io.hookrun.local.console;

import com.sun.net.httpserver.HttpServer;
import io.hookrun.core.signature.StandardWebhooksScheme;
import io.hookrun.local.cloud.LocalCloud;
import io.hookrun.local.cloud.LocalCloudOptions;
import io.hookrun.testsupport.fault.FaultProxy;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The console in a real browser (Debian's headless Chromium through chromedriver, W3C WebDriver) against a real local
 * stack, as {@code ./hookrun local} serves it on its own port: the walkthrough's workflow and trigger, a webhook, and
 * the pages clicked through as a user would (runs and their filters and pages, one run as a graph, a failed run, a
 * cancel, a dead letter redriven, the triggers without any secret). Skipped, saying why, where Chromium or chromedriver
 * is missing ({@code .ci/run} installs them).
 *
 * <p>Dead letters are made as {@code DeadLetterEndToEndIT} makes them: SQS broken for the workflow-step function, for
 * real, after a Task's call, with {@code StepMaxReceiveCount} 2 and a 5 s visibility timeout on the steps queue.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SuppressWarnings("unchecked")
class ConsoleBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path TEMPLATE = Path.of("../..").toAbsolutePath().normalize().resolve("template.yaml");
    private static final Path SCREENSHOT = Path.of("target", "console-run.png");
    private static final String TOKEN = "console-browser-it-token";
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final JsonMapper JSON = JsonMapper.createDefault();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicBoolean breakSqsOnNextCall = new AtomicBoolean();
    private LocalCloud cloud;
    private HttpServer downstream;
    private WebDriver driver;
    private Path profile;
    private URI console;
    private String webhookRun;
    private String failedRun;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "ConsoleBrowserIT skipped: " + CHROMIUM + " or " + CHROMEDRIVER + " is missing"
                        + " (apt-get install chromium chromium-driver; .ci/run does)");
        cloud = LocalCloud.start(LocalCloudOptions.of(TEMPLATE).withHttpPort(0).withAdminToken(TOKEN)
                .withSqsFaultProxyFor("WorkflowStepFunction").withParameter("StepMaxReceiveCount", "2"));
        console = URI.create(cloud.httpApi() + "/console/");
        downstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        downstream.createContext("/charge", exchange -> {
            byte[] body = "{\"charged\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
            if (breakSqsOnNextCall.getAndSet(false)) {
                cloud.sqsFaultProxy().setMode(FaultProxy.Mode.RESET);
            }
        });
        downstream.start();

        // The walkthrough's steps 1-3: its workflow, its trigger, one signed webhook.
        putWorkflow("order-flow", """
                {"QueryLanguage": "JSONata", "StartAt": "CheckUpstream", "States": {
                  "CheckUpstream": {"Type": "Task", "Resource": "arn:aws:states:::http:invoke",
                    "Arguments": {"ApiEndpoint": "%s/health/liveness", "Method": "GET"},
                    "Output": {"order": "{%% $states.input.data %%}", "upstream": "{%% $states.result.ResponseBody.status %%}"},
                    "Next": "IsLarge"},
                  "IsLarge": {"Type": "Choice", "Choices": [{"Condition": "{%% $states.input.order.amount > 100 %%}", "Next": "Review"}],
                    "Default": "Done"},
                  "Review": {"Type": "Succeed", "Output": {"decision": "review", "orderId": "{%% $states.input.order.orderId %%}"}},
                  "Done": {"Type": "Succeed", "Output": {"decision": "auto-approve", "orderId": "{%% $states.input.order.orderId %%}"}}
                }}""".formatted(cloud.httpApi()));
        expect(admin("PUT", "/admin/triggers/orders", """
                {"workflowId": "order-flow", "signature": {"scheme": "standard-webhooks", "secrets": ["%s"]}}"""
                .formatted(SECRET)), 200, 201);
        webhookRun = (String) json(expect(webhook("orders", "{\"orderId\":\"o-1001\",\"amount\":250}"), 202).body()).get("runId");
        assertThat(awaitRun(webhookRun, r -> finished(r)).get("status")).isEqualTo("SUCCEEDED");
        // once the functions are warm: failed records come back in seconds (see DeadLetterEndToEndIT)
        cloud.sqs().setQueueAttributes(r -> r.queueUrl(cloud.queueUrl("StepsQueue"))
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "5")));
        putWorkflow("breaker", """
                {"QueryLanguage": "JSONata", "StartAt": "Prepare", "States": {
                  "Prepare": {"Type": "Pass", "Next": "Break"},
                  "Break": {"Type": "Fail", "Error": "Custom.Broken", "Cause": "as designed"}}}""");
        failedRun = startRun("breaker", "{}");
        assertThat(awaitRun(failedRun, r -> finished(r)).get("status")).isEqualTo("FAILED");

        profile = Files.createTempDirectory("hookrun-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // The machine's network is closed: everything Chromium would fetch by itself is turned off.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--window-size=1280,800");
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        // The driver is named, so Selenium Manager has nothing to look up or download.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    void stop() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (downstream != null) {
            downstream.stop(0);
        }
        if (cloud != null) {
            cloud.close();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void theRunsPage_showsTheWebhookRun_andTheStatusFilterKeepsOnlyFailedRuns() {
        long started = System.nanoTime();
        open("#/runs?triggerId=orders");
        row(webhookRun);
        long loadedMs = (System.nanoTime() - started) / 1_000_000;
        Object navigation = ((JavascriptExecutor) driver).executeScript(
                "const n = performance.getEntriesByType('navigation')[0]; return n ? Math.round(n.loadEventEnd) : -1;");
        System.out.println("ConsoleBrowserIT: runs page with its rows in " + loadedMs + " ms (load event at "
                + navigation + " ms)");

        WebElement run = row(webhookRun);
        assertThat(run.getText()).contains("order-flow", "orders", "SUCCEEDED");
        assertThat(driver.findElements(By.cssSelector("table.runs tbody tr"))).extracting(r -> r.getText())
                .allSatisfy(text -> assertThat(text).contains("orders"));
        driver.findElement(By.cssSelector("input[name=triggerId]")).clear();
        new Select(driver.findElement(By.cssSelector("select[name=status]"))).selectByValue("FAILED");
        driver.findElement(By.cssSelector("form.filters button[type=submit]")).click();

        waitFor(d -> d.getCurrentUrl().contains("status=FAILED") && !d.findElements(By.cssSelector("tr[data-run='" + failedRun + "']")).isEmpty());
        List<WebElement> badges = driver.findElements(By.cssSelector("table.runs tbody .badge"));
        assertThat(badges).isNotEmpty().allSatisfy(badge -> assertThat(badge.getText()).isEqualTo("FAILED"));
        assertThat(driver.findElements(By.cssSelector("tr[data-run='" + webhookRun + "']"))).isEmpty();
    }

    @Test
    void moreThanAPageOfRuns_pagesForwardByNextToken_andBackWithNewer() throws Exception {
        putWorkflow("pager", """
                {"QueryLanguage": "JSONata", "StartAt": "Only", "States": {"Only": {"Type": "Pass", "End": true}}}""");
        Set<String> started = new HashSet<>();
        for (int i = 0; i < 45; i++) {
            started.add(startRun("pager", "{\"i\": " + i + "}"));
        }

        open("#/runs?workflowId=pager");
        List<String> first = runIdsShown(20);
        driver.findElement(By.cssSelector("button[data-next]")).click();
        List<String> second = runIdsShown(20, first);
        driver.findElement(By.cssSelector("button[data-next]")).click();
        List<String> third = runIdsShown(5, second);

        assertThat(driver.findElement(By.cssSelector("button[data-next]")).isEnabled()).isFalse();
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        all.addAll(third);
        assertThat(all).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(started);
        driver.findElement(By.xpath("//button[contains(., 'Newer')]")).click();
        assertThat(runIdsShown(20, third)).isEqualTo(second);
    }

    @Test
    void oneRun_isItsWorkflowGraph_eachStateColouredByOutcome_andAStateShowsItsData() throws Exception {
        open("#/runs/" + webhookRun);
        WebElement graph = waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("svg.graph")));

        List<WebElement> nodes = graph.findElements(By.cssSelector("g.node"));
        assertThat(nodes).extracting(n -> n.getAttribute("data-state"))
                .containsExactlyInAnyOrder("CheckUpstream", "IsLarge", "Review", "Done");
        assertThat(outcome("CheckUpstream")).isEqualTo("succeeded");
        assertThat(outcome("IsLarge")).isEqualTo("succeeded");
        assertThat(outcome("Review")).isEqualTo("succeeded");
        assertThat(outcome("Done")).isEqualTo("not-reached");
        assertThat(node("Done").getAttribute("class")).contains("state-not-reached");
        assertThat(node("Review").getAttribute("class")).contains("state-succeeded");

        node("CheckUpstream").click();
        WebElement details = waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#state-details .execution")));
        assertThat(driver.findElement(By.id("state-title")).getText()).startsWith("CheckUpstream");
        assertThat(details.findElement(By.cssSelector(".state-input")).getText()).contains("o-1001", "250");
        assertThat(details.findElement(By.cssSelector(".state-output")).getText()).contains("\"upstream\"", "o-1001");
        assertThat(details.getText().toLowerCase(java.util.Locale.ROOT)).contains("attempts\n1", "duration");
        assertThat(driver.findElement(By.cssSelector(".run-header")).getText()).contains("order-flow", "orders", "SUCCEEDED");

        driver.findElement(By.cssSelector(".state-list button[data-state='Review']")).click();
        waitFor(d -> d.findElement(By.id("state-title")).getText().startsWith("Review"));
        assertThat(driver.findElement(By.cssSelector("#state-details .state-output")).getText()).contains("review", "o-1001");
        node("CheckUpstream").click();
        assertThat(driver.manage().logs().get(LogType.BROWSER).getAll()).extracting(LogEntry::getMessage)
                .noneMatch(message -> message.contains("Content Security Policy") || message.contains("Uncaught"));
        screenshot();
    }

    /** The run view at 1280x800 (the viewport, not the window), from the top of the page. */
    private void screenshot() throws IOException {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        Dimension window = driver.manage().window().getSize();
        long viewport = ((Number) js.executeScript("return window.innerHeight")).longValue();
        driver.manage().window().setSize(new Dimension(1280, (int) (window.getHeight() + 800 - viewport)));
        js.executeScript("window.scrollTo(0, 0)");
        Files.createDirectories(SCREENSHOT.getParent());
        Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOT,
                StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aCaughtParallel_isColouredCaught_andItsFailedBranchOpensAsAGraphOfItsOwn() throws Exception {
        putWorkflow("fork", """
                {"QueryLanguage": "JSONata", "StartAt": "Both", "States": {
                  "Both": {"Type": "Parallel", "Branches": [
                      {"StartAt": "Fine", "States": {"Fine": {"Type": "Pass", "Output": "fine", "End": true}}},
                      {"StartAt": "Broken", "States": {"Broken": {"Type": "Fail", "Error": "Order.Invalid", "Cause": "no lines"}}}],
                    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Handled"}],
                    "Next": "Unreachable"},
                  "Unreachable": {"Type": "Succeed"},
                  "Handled": {"Type": "Succeed"}}}""");
        String runId = startRun("fork", "{}");
        assertThat(awaitRun(runId, r -> finished(r)).get("status")).isEqualTo("SUCCEEDED");

        open("#/runs/" + runId);
        assertThat(outcome("Both")).isEqualTo("caught");
        assertThat(outcome("Unreachable")).isEqualTo("not-reached");
        assertThat(outcome("Handled")).isEqualTo("succeeded");
        assertThat(node("Both").getText()).contains("2 branches");
        node("Both").click();
        waitFor(ExpectedConditions.elementToBeClickable(By.linkText("#1"))).click();

        waitFor(d -> d.findElement(By.tagName("h1")).getText().startsWith("Branch Both[1]"));
        assertThat(outcome("Broken")).isEqualTo("failed");
        assertThat(driver.findElements(By.cssSelector("svg.graph g.node"))).hasSize(1);
        assertThat(driver.findElement(By.cssSelector(".run-header .error-box")).getText()).contains("Order.Invalid");
    }

    @Test
    void aFailedRun_showsItsErrorAndCause_andItsFailingStateInRed() {
        open("#/runs/" + failedRun);

        WebElement error = waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".run-header .error-box")));
        assertThat(error.getText()).contains("Custom.Broken", "as designed");
        assertThat(outcome("Prepare")).isEqualTo("succeeded");
        assertThat(outcome("Break")).isEqualTo("failed");
        assertThat(driver.findElements(By.cssSelector("button[data-action=replay]"))).hasSize(1);
        assertThat(driver.findElements(By.cssSelector("button[data-action=cancel]"))).isEmpty();
    }

    @Test
    void aRunInAWait_isCancelledFromItsPage() throws Exception {
        putWorkflow("holder", """
                {"QueryLanguage": "JSONata", "StartAt": "Hold", "States": {
                  "Hold": {"Type": "Wait", "Seconds": 600, "Next": "After"},
                  "After": {"Type": "Pass", "End": true}}}""");
        String runId = startRun("holder", "{}");
        awaitRun(runId, r -> ((List<Object>) r.getOrDefault("states", List.of())).size() == 1);

        open("#/runs/" + runId);
        waitFor(ExpectedConditions.elementToBeClickable(By.cssSelector("button[data-action=cancel]"))).click();
        waitFor(ExpectedConditions.alertIsPresent()).accept();

        waitFor(d -> d.findElement(By.cssSelector(".run-header .badge")).getText().equals("ABORTED"));
        assertThat(driver.findElement(By.cssSelector(".flash")).getText()).contains("ABORTED");
        assertThat(awaitRun(runId, r -> finished(r)).get("status")).isEqualTo("ABORTED");
        assertThat(driver.findElements(By.cssSelector("button[data-action=cancel]"))).isEmpty();
    }

    @Test
    void aDeadLetter_isListed_andRedrivenFromTheConsole_thenTheQueueIsEmpty() throws Exception {
        putWorkflow("charger", """
                {"QueryLanguage": "JSONata", "StartAt": "Receive", "States": {
                  "Receive": {"Type": "Pass", "Next": "Charge"},
                  "Charge": {"Type": "Task", "Resource": "arn:aws:states:::http:invoke",
                    "Arguments": {"ApiEndpoint": "http://127.0.0.1:%d/charge", "Method": "POST", "RequestBody": "{%% $states.input %%}"},
                    "Next": "Done"},
                  "Done": {"Type": "Pass", "End": true}}}""".formatted(downstream.getAddress().getPort()));
        String runId;
        breakSqsOnNextCall.set(true);
        try {
            runId = startRun("charger", "{\"order\":\"o-42\"}");
            assertThat(awaitRun(runId, r -> finished(r)).get("status")).isEqualTo("FAILED");
            awaitJson("/admin/dead-letters?limit=10", page -> ((List<Map<String, Object>>) page.get("items")).stream()
                    .anyMatch(item -> runId.equals(item.get("runId"))));
        } finally {
            cloud.sqsFaultProxy().setMode(FaultProxy.Mode.PASS);
        }

        open("#/dead-letters");
        WebElement letter = waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-message]")));
        assertThat(letter.getText()).contains(runId, "Charge");
        driver.findElement(By.cssSelector("button[data-action=redrive]")).click();
        waitFor(ExpectedConditions.alertIsPresent()).accept();
        WebElement result = waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".flash p")));
        assertThat(result.getText()).contains("Redrive", "1 run(s) re-opened");

        assertThat(awaitRun(runId, r -> finished(r)).get("status")).isEqualTo("SUCCEEDED");
        Instant deadline = Instant.now().plus(TIMEOUT);
        do {
            open("#/dead-letters");
            waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#dlq-title")));
        } while (!driver.findElements(By.cssSelector("tr[data-message]")).isEmpty() && Instant.now().isBefore(deadline)
                && pause());
        assertThat(driver.findElements(By.cssSelector("[data-empty=dead-letters]"))).hasSize(1);
        assertThat(driver.findElements(By.cssSelector("table.redrives tbody tr"))).isNotEmpty();
    }

    @Test
    void theTriggersPage_showsTheWebhookUrlAndScheme_andNeverTheSecret() {
        open("#/triggers");

        WebElement trigger = waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-trigger=orders]")));
        assertThat(trigger.findElement(By.cssSelector(".webhook-url")).getText()).isEqualTo(cloud.httpApi() + "/hooks/orders");
        assertThat(trigger.getText()).contains("order-flow", "standard-webhooks", "ENABLED");
        assertThat(driver.getPageSource()).doesNotContain(SECRET, SECRET.substring("whsec_".length()), TOKEN);

        trigger.findElement(By.cssSelector("button[data-action=disable]")).click();
        waitFor(ExpectedConditions.alertIsPresent()).accept();
        waitFor(d -> d.findElement(By.cssSelector("tr[data-trigger=orders]")).getText().contains("DISABLED"));
        driver.findElement(By.cssSelector("tr[data-trigger=orders] button[data-action=enable]")).click();
        waitFor(d -> d.findElement(By.cssSelector("tr[data-trigger=orders]")).getText().contains("ENABLED"));
        assertThat(driver.getPageSource()).doesNotContain(SECRET, TOKEN);
    }

    @Test
    void theWorkflowsPage_listsTheWorkflow_andShowsItsDefinitionAsAGraph() {
        open("#/workflows");
        waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-workflow=order-flow] a"))).click();

        WebElement graph = waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("svg.graph")));
        assertThat(graph.findElements(By.cssSelector("g.node"))).hasSize(4);
        assertThat(driver.findElement(By.cssSelector("aside[aria-label=Versions]")).getText()).contains("v1");
    }

    @Test
    void anApiProblem_isShownAsABanner() {
        open("#/runs/not-a-run-id");

        WebElement banner = waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("problem")));
        assertThat(banner.getText()).contains("HTTP 400");
    }

    // --- helpers

    /**
     * Skips, saying so, on an admin API without ADR 0009's list routes (paged {@code {"items", "nextToken"}} answers):
     * the console is built to that contract, and this module may be tested before the API that serves it.
     */
    private void open(String hash) {
        driver.get(console + hash);
        // a hash-only change does not reload: make each test start from a fresh page
        driver.navigate().refresh();
        waitFor(d -> d.findElement(By.id("main")).getAttribute("aria-busy") == null);
    }

    private WebElement row(String runId) {
        return waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-run='" + runId + "']")));
    }

    private WebElement node(String state) {
        return driver.findElement(By.cssSelector("svg.graph g.node[data-state='" + state + "']"));
    }

    private String outcome(String state) {
        return waitFor(ExpectedConditions.presenceOfElementLocated(By.cssSelector("svg.graph g.node[data-state='" + state + "']")))
                .getAttribute("data-outcome");
    }

    /** The run ids of the table once it shows {@code count} rows, none of them from {@code previous}. */
    @SafeVarargs
    private List<String> runIdsShown(int count, List<String>... previous) {
        return waitFor(d -> {
            List<String> ids = d.findElements(By.cssSelector("table.runs tbody tr")).stream()
                    .map(r -> r.getAttribute("data-run")).toList();
            boolean fresh = previous.length == 0 || ids.stream().noneMatch(previous[0]::contains);
            return ids.size() == count && fresh ? ids : null;
        });
    }

    private <T> T waitFor(java.util.function.Function<WebDriver, T> condition) {
        // a page re-renders after an action: an element read a moment before may be gone, so look again
        return new WebDriverWait(driver, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
                .until(condition::apply);
    }

    private static boolean pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    private static boolean finished(Map<String, Object> run) {
        return run.get("status") instanceof String status && List.of("SUCCEEDED", "FAILED", "ABORTED").contains(status);
    }

    private void putWorkflow(String id, String definition) {
        expect(admin("PUT", "/admin/workflows/" + id, definition), 200, 201);
    }

    private String startRun(String workflowId, String input) {
        return (String) json(expect(admin("POST", "/admin/workflows/" + workflowId + "/runs", input), 202).body()).get("runId");
    }

    private Map<String, Object> awaitRun(String runId, Predicate<Map<String, Object>> done) throws InterruptedException {
        return awaitJson("/admin/runs/" + runId, done);
    }

    private Map<String, Object> awaitJson(String path, Predicate<Map<String, Object>> done) throws InterruptedException {
        Instant deadline = Instant.now().plus(TIMEOUT);
        Map<String, Object> last = Map.of();
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = admin("GET", path, null);
            last = response.statusCode() == 200 ? json(response.body()) : Map.of("http", response.statusCode());
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(250);
        }
        return last;
    }

    private HttpResponse<String> webhook(String triggerId, String body) {
        String id = "msg_" + UUID.randomUUID();
        String ts = Long.toString(Instant.now().getEpochSecond());
        return call(HttpRequest.newBuilder(cloud.httpApi().resolve("/hooks/" + triggerId))
                .header("content-type", "application/json").header("webhook-id", id).header("webhook-timestamp", ts)
                .header("webhook-signature", StandardWebhooksScheme.sign(SECRET, id, ts, body.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpResponse<String> admin(String method, String path, String body) {
        return call(HttpRequest.newBuilder(cloud.httpApi().resolve(path)).header("authorization", "Bearer " + TOKEN)
                .header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private HttpResponse<String> call(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> expect(HttpResponse<String> response, int... statuses) {
        for (int status : statuses) {
            if (response.statusCode() == status) {
                return response;
            }
        }
        throw new AssertionError("HTTP " + response.statusCode() + " from " + response.request().method() + " "
                + response.uri() + ": " + response.body());
    }

    private static Map<String, Object> json(String text) {
        try {
            return JSON.readValue(text, Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            throw new IllegalStateException(text, e);
        }
    }
}
