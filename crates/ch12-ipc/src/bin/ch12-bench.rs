//! 第 12 章的测量：同一台机器、同一次运行里，进程内通道、TCP 帧、本地 NATS 的吞吐和往返延迟，
//! 以及 JSON 与 postcard 的大小和编解码耗时。结果写成 Markdown 表格，书里直接包含它。
//!
//! 重新生成：`cargo run --release -p ch12-ipc --bin ch12-bench`（需要 nats-server）。

use ch12_ipc::codec::{framed, MAX_FRAME};
use ch12_ipc::wire::{to_json, to_postcard, Reading};
use futures::{SinkExt, StreamExt};
use std::fmt::Write as _;
use std::time::{Duration, Instant};
use test_support::nats::NatsServer;
use tokio::net::{TcpListener, TcpStream};

const ONE_WAY: u32 = 100_000;
const ROUND_TRIPS: u32 = 5_000;
const PAYLOAD: &[u8] = &[42u8; 64];

struct Row {
    name: &'static str,
    msgs_per_sec: f64,
    round_trip: Duration,
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let rows = vec![in_process().await, tcp().await, nats().await];
    let mut out = String::new();
    writeln!(
        out,
        "<!-- 由 `cargo run --release -p ch12-ipc --bin ch12-bench` 生成，请勿手改 -->\n"
    )
    .unwrap();
    writeln!(
        out,
        "| 通道 | 单向吞吐（条/秒，64 字节） | 往返延迟（中位数） |"
    )
    .unwrap();
    writeln!(out, "|---|---:|---:|").unwrap();
    for r in &rows {
        writeln!(
            out,
            "| {} | {:.0} | {:.1} µs |",
            r.name,
            r.msgs_per_sec,
            r.round_trip.as_secs_f64() * 1e6
        )
        .unwrap();
    }
    writeln!(out).unwrap();
    serde_costs(&mut out);
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/results.md");
    std::fs::write(path, &out).expect("写不进结果文件");
    print!("{out}");
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

async fn in_process() -> Row {
    let (tx, mut rx) = tokio::sync::mpsc::channel::<bytes::Bytes>(1024);
    let start = Instant::now();
    let consumer = tokio::spawn(async move {
        let mut n = 0u32;
        while rx.recv().await.is_some() {
            n += 1;
        }
        n
    });
    for _ in 0..ONE_WAY {
        tx.send(bytes::Bytes::from_static(PAYLOAD)).await.unwrap();
    }
    drop(tx);
    assert_eq!(consumer.await.unwrap(), ONE_WAY);
    let rate = ONE_WAY as f64 / start.elapsed().as_secs_f64();

    // 往返：请求通道 + 回复通道，另一头是一个回声任务。
    let (req_tx, mut req_rx) = tokio::sync::mpsc::channel::<bytes::Bytes>(1);
    let (rep_tx, mut rep_rx) = tokio::sync::mpsc::channel::<bytes::Bytes>(1);
    tokio::spawn(async move {
        while let Some(m) = req_rx.recv().await {
            if rep_tx.send(m).await.is_err() {
                break;
            }
        }
    });
    let mut samples = Vec::new();
    for _ in 0..ROUND_TRIPS {
        let t = Instant::now();
        req_tx
            .send(bytes::Bytes::from_static(PAYLOAD))
            .await
            .unwrap();
        rep_rx.recv().await.unwrap();
        samples.push(t.elapsed());
    }
    Row {
        name: "进程内 tokio::mpsc",
        msgs_per_sec: rate,
        round_trip: median(samples),
    }
}

async fn tcp() -> Row {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (received_tx, received) = tokio::sync::oneshot::channel();
    // 服务器：第一条连接只收（计数，收完报告），第二条连接回声。
    tokio::spawn(async move {
        let (sink, _) = listener.accept().await.unwrap();
        tokio::spawn(async move {
            let mut frames = framed(sink, MAX_FRAME);
            let mut n = 0u32;
            while let Some(Ok(_)) = frames.next().await {
                n += 1;
            }
            // 测量的一方在等这个数；它不在了也无妨。
            let _ = received_tx.send(n);
        });
        let (echo, _) = listener.accept().await.unwrap();
        let mut frames = framed(echo, MAX_FRAME);
        while let Some(Ok(f)) = frames.next().await {
            if frames.send(f.freeze()).await.is_err() {
                break;
            }
        }
    });
    let mut one_way = framed(TcpStream::connect(addr).await.unwrap(), MAX_FRAME);
    let start = Instant::now();
    for _ in 0..ONE_WAY {
        // feed 不 flush：让编解码器把小帧攒进同一次 write。
        one_way
            .feed(bytes::Bytes::from_static(PAYLOAD))
            .await
            .unwrap();
    }
    SinkExt::<bytes::Bytes>::close(&mut one_way).await.unwrap();
    // 以服务器收完为准。
    assert_eq!(received.await.unwrap(), ONE_WAY);
    let rate = ONE_WAY as f64 / start.elapsed().as_secs_f64();

    let mut echo = framed(TcpStream::connect(addr).await.unwrap(), MAX_FRAME);
    let mut samples = Vec::new();
    for _ in 0..ROUND_TRIPS {
        let t = Instant::now();
        echo.send(bytes::Bytes::from_static(PAYLOAD)).await.unwrap();
        echo.next().await.unwrap().unwrap();
        samples.push(t.elapsed());
    }
    Row {
        name: "TCP 回环 + LengthDelimitedCodec",
        msgs_per_sec: rate,
        round_trip: median(samples),
    }
}

async fn nats() -> Row {
    let server = NatsServer::start();
    let client = async_nats::connect(server.url()).await.unwrap();
    let mut sub = client.subscribe("bench").await.unwrap();
    client.flush().await.unwrap();
    let start = Instant::now();
    let publisher = client.clone();
    tokio::spawn(async move {
        for _ in 0..ONE_WAY {
            publisher
                .publish("bench", bytes::Bytes::from_static(PAYLOAD))
                .await
                .unwrap();
        }
        publisher.flush().await.unwrap();
    });
    for _ in 0..ONE_WAY {
        sub.next().await.unwrap();
    }
    let rate = ONE_WAY as f64 / start.elapsed().as_secs_f64();

    let mut requests = client.subscribe("echo").await.unwrap();
    let responder = client.clone();
    tokio::spawn(async move {
        while let Some(m) = requests.next().await {
            responder
                .publish(m.reply.unwrap(), m.payload)
                .await
                .unwrap();
        }
    });
    client.flush().await.unwrap();
    let mut samples = Vec::new();
    for _ in 0..ROUND_TRIPS {
        let t = Instant::now();
        client
            .request("echo", bytes::Bytes::from_static(PAYLOAD))
            .await
            .unwrap();
        samples.push(t.elapsed());
    }
    Row {
        name: "本地 NATS（核心，发布/订阅；request）",
        msgs_per_sec: rate,
        round_trip: median(samples),
    }
}

fn serde_costs(out: &mut String) {
    const N: u32 = 200_000;
    let r = Reading::sample();
    let json = to_json(&r);
    let compact = to_postcard(&r);
    let time = |f: &dyn Fn()| {
        let t = Instant::now();
        for _ in 0..N {
            f();
        }
        t.elapsed().as_secs_f64() * 1e9 / N as f64
    };
    let je = time(&|| drop(std::hint::black_box(to_json(std::hint::black_box(&r)))));
    let pe = time(&|| drop(std::hint::black_box(to_postcard(std::hint::black_box(&r)))));
    let jd = time(&|| {
        drop(std::hint::black_box(
            serde_json::from_slice::<Reading>(std::hint::black_box(&json)).unwrap(),
        ))
    });
    let pd = time(&|| {
        drop(std::hint::black_box(
            postcard::from_bytes::<Reading>(std::hint::black_box(&compact)).unwrap(),
        ))
    });
    writeln!(out, "| 格式 | `Reading::sample()` 的大小 | 编码 | 解码 |").unwrap();
    writeln!(out, "|---|---:|---:|---:|").unwrap();
    writeln!(
        out,
        "| JSON（serde_json） | {} 字节 | {je:.0} ns | {jd:.0} ns |",
        json.len()
    )
    .unwrap();
    writeln!(
        out,
        "| postcard | {} 字节 | {pe:.0} ns | {pd:.0} ns |",
        compact.len()
    )
    .unwrap();
}
