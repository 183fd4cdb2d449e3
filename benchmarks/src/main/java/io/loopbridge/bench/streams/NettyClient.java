package io.loopbridge.bench.streams;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Netty's NIO transport ({@code NioEventLoopGroup}, {@code NioSocketChannel}), as its echo example writes
 * it: one event loop thread, handlers on it. Throughput: writes while the channel {@code isWritable()}
 * (Netty's backpressure: its default 32/64 KiB water marks), resumes on {@code channelWritabilityChanged}.
 * Latency: the handler writes the next request when the whole reply has arrived. 1,000 connections: a
 * {@code ServerBootstrap} (one boss thread) whose children and the clients share one worker thread.
 *
 * <p><b>Threading.</b> The public methods on the harness's main thread; handlers on the event loop.
 */
final class NettyClient implements Client {
    private final NioEventLoopGroup group = new NioEventLoopGroup(1);

    private Channel connect(int port, ChannelHandler handler) throws InterruptedException {
        return new Bootstrap().group(group).channel(NioSocketChannel.class).option(ChannelOption.TCP_NODELAY, true).handler(handler)
                .connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).sync().channel();
    }

    @Override
    public long echo(int port, long total) throws Exception {
        byte[] chunk = new byte[CHUNK];
        CompletableFuture<Long> done = new CompletableFuture<>();
        Channel ch = connect(port, new ChannelInboundHandlerAdapter() {
            long sent;
            long got;
            long t0;

            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                t0 = System.nanoTime();
                pump(ctx.channel());
            }

            private void pump(Channel c) {
                while (sent < total && c.isWritable()) {
                    c.write(Unpooled.wrappedBuffer(chunk));
                    sent += CHUNK;
                }
                c.flush();
            }

            @Override
            public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                if (ctx.channel().isWritable()) pump(ctx.channel());
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf b = (ByteBuf) msg;
                got += b.readableBytes();
                b.release();
                if (got >= total) done.complete(System.nanoTime() - t0);
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                done.completeExceptionally(cause);
            }
        });
        try {
            return done.get(300, TimeUnit.SECONDS);
        } finally {
            ch.close().sync();
        }
    }

    @Override
    public long[] pingPong(int port, int warm, int n) throws Exception {
        long[] lat = new long[n];
        byte[] req = new byte[PING];
        CompletableFuture<Void> done = new CompletableFuture<>();
        Channel ch = connect(port, new ChannelInboundHandlerAdapter() {
            int i = -warm;
            int got;
            long t0;

            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                send(ctx);
            }

            private void send(ChannelHandlerContext ctx) {
                t0 = System.nanoTime();
                ctx.writeAndFlush(Unpooled.wrappedBuffer(req));
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf b = (ByteBuf) msg;
                got += b.readableBytes();
                b.release();
                if (got < PING) return;
                got -= PING;
                if (i >= 0) lat[i] = System.nanoTime() - t0;
                if (++i == n) done.complete(null);
                else send(ctx);
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                done.completeExceptionally(cause);
            }
        });
        try {
            done.get(300, TimeUnit.SECONDS);
        } finally {
            ch.close().sync();
        }
        return lat;
    }

    /** Echoes what it reads (the server side of the 1,000 connections). */
    @ChannelHandler.Sharable
    private static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush(msg);
        }
    }

    @Override
    public void connections(int n, Runnable measure) throws Exception {
        NioEventLoopGroup boss = new NioEventLoopGroup(1);
        List<Channel> clients = new ArrayList<>();
        Channel server = new ServerBootstrap().group(boss, group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024).childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new Echo()).bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
        try {
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            List<CompletableFuture<Void>> echoed = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                CompletableFuture<Void> back = new CompletableFuture<>();
                echoed.add(back);
                clients.add(connect(port, new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        c.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            int got;

                            @Override
                            public void channelActive(ChannelHandlerContext ctx) {
                                ctx.writeAndFlush(Unpooled.wrappedBuffer("hi\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                            }

                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ByteBuf b = (ByteBuf) msg;
                                got += b.readableBytes();
                                b.release();
                                if (got >= 3) back.complete(null);
                            }
                        });
                    }
                }));
            }
            CompletableFuture.allOf(echoed.toArray(new CompletableFuture<?>[0])).get(120, TimeUnit.SECONDS);
            measure.run();
        } finally {
            for (Channel c : clients) c.close().sync();
            server.close().sync();
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Override
    public long lines(ProcessBuilder builder, int n) {
        throw new UnsupportedOperationException("Netty has no process pipes: the lines row compares the loop with a thread");
    }

    @Override
    public void close() throws Exception {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
}
