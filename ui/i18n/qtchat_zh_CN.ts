<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ChatView</name>
    <message numerus="yes">
        <source>%n new message(s) ↓</source>
        <translation>
            <numerusform>%n 条新消息 ↓</numerusform>
        </translation>
    </message>
    <message>
        <source>Jump to the latest ↓</source>
        <translation>跳到最新 ↓</translation>
    </message>
    <message>
        <source>%1 (%2): %3</source>
        <extracomment>A copied message: sender, time, text</extracomment>
        <translation>%1 (%2): %3</translation>
    </message>
    <message>
        <source>(unknown)</source>
        <translation>（未知）</translation>
    </message>
    <message>
        <source>&amp;Copy text</source>
        <translation>复制文本(&amp;C)</translation>
    </message>
    <message>
        <source>Copy &amp;link</source>
        <translation>复制链接(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Quote</source>
        <translation>引用(&amp;Q)</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <source>Find in this room</source>
        <translation>在此聊天室中查找</translation>
    </message>
    <message>
        <source>Newer match (Shift+Enter, Shift+F3)</source>
        <translation>较新的匹配（Shift+Enter、Shift+F3）</translation>
    </message>
    <message>
        <source>Older match (Enter, F3)</source>
        <translation>较早的匹配（Enter、F3）</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>关闭（Esc）</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>第 %1 个，共 %2 个</translation>
    </message>
    <message>
        <source>No matches</source>
        <translation>无匹配</translation>
    </message>
    <message>
        <source>more than %1 in older messages</source>
        <translation>较早的消息中超过 %1 个</translation>
    </message>
    <message numerus="yes">
        <source>%n more in older messages</source>
        <translation>
            <numerusform>较早的消息中还有 %n 个</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>%1 · older messages from 3 letters on</source>
        <translation>%1 · 较早的消息需输入 3 个字符以上才会搜索</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>QtChat</source>
        <translation>QtChat</translation>
    </message>
    <message>
        <source>Write a message… (Enter sends, Shift+Enter starts a new line)</source>
        <translation>输入消息…（Enter 发送，Shift+Enter 换行）</translation>
    </message>
    <message>
        <source>&amp;Chat</source>
        <translation>聊天(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Join room…</source>
        <translation>加入房间(&amp;J)…</translation>
    </message>
    <message>
        <source>&amp;Leave room</source>
        <translation>离开房间(&amp;L)</translation>
    </message>
    <message>
        <source>Server &amp;profiles…</source>
        <translation>服务器配置(&amp;P)…</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Next room</source>
        <translation>下一个房间(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Previous room</source>
        <translation>上一个房间(&amp;P)</translation>
    </message>
    <message>
        <source>Cannot join &quot;%1&quot;: %2</source>
        <translation>无法加入“%1”：%2</translation>
    </message>
    <message>
        <source>#%1 - QtChat</source>
        <translation>#%1 - QtChat</translation>
    </message>
    <message>
        <source>Signed in as %1. Join a room to start chatting.</source>
        <translation>已以 %1 身份登录。加入一个房间开始聊天。</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>重试(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) not saved, lost if QtChat quits now - %1</source>
        <translation>
            <numerusform>%n 条消息未保存，现在退出 QtChat 将会丢失 - %1</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Find in room…</source>
        <translation>在聊天室中查找(&amp;F)…</translation>
    </message>
    <message>
        <source>%1 @ %2</source>
        <translation>%1 @ %2</translation>
    </message>
    <message>
        <source>%1 - QtChat</source>
        <translation>%1 - QtChat</translation>
    </message>
    <message>
        <source>#%1 - %2 - QtChat</source>
        <translation>#%1 - %2 - QtChat</translation>
    </message>
</context>
<context>
    <name>MessageDelegate</name>
    <message>
        <source>(unknown)</source>
        <translation>（未知）</translation>
    </message>
    <message>
        <source>%1 looks like %2, another name in this room. Check who is who.</source>
        <translation>%1 看起来很像本房间里的另一个名字 %2。请确认谁是谁。</translation>
    </message>
    <message>
        <source>%1 mixes letters of different alphabets (like a Cyrillic “а” among Latin ones), so it may imitate another name.</source>
        <translation>%1 混用了不同字母表的字母（例如拉丁字母中夹着西里尔字母“а”），可能是在冒充另一个名字。</translation>
    </message>
    <message>
        <source>Server notice</source>
        <translation>服务器通知</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新消息</translation>
    </message>
</context>
<context>
    <name>MessageModel</name>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <source>not sent: %1 (right-click to retry or delete)</source>
        <translation>未发送：%1（右键重试或删除）</translation>
    </message>
    <message>
        <source>sending…</source>
        <translation>发送中…</translation>
    </message>
    <message>
        <source>a message too large to show (%1)</source>
        <translation>一条过大、无法显示的消息（%1）</translation>
    </message>
    <message>
        <source>%1 · older messages are not kept in memory</source>
        <translation>%1 · 更早的消息不再保留在内存中</translation>
    </message>
    <message>
        <source>not saved: it will be lost if QtChat quits</source>
        <translation>未保存：退出 QtChat 后将会丢失</translation>
    </message>
    <message>
        <source>The server answered: %1</source>
        <translation>服务器回复：%1</translation>
    </message>
    <message>
        <source>Loading earlier messages…</source>
        <translation>正在加载更早的消息…</translation>
    </message>
    <message>
        <source>Earlier messages may be missing</source>
        <translation>可能缺少更早的消息</translation>
    </message>
    <message>
        <source>The server&apos;s history did not reach back to the last message QtChat had; scroll here to load what was said in between.</source>
        <translation>服务器的历史记录没有回溯到 QtChat 收到的最后一条消息；滚动到这里即可加载其间的消息。</translation>
    </message>
</context>
<context>
    <name>ProfileEditor</name>
    <message>
        <source>Allow unencrypted http:// and ws:// to this server</source>
        <translation>允许对此服务器使用未加密的 http:// 和 ws://</translation>
    </message>
    <message>
        <source>Server profiles</source>
        <translation>服务器配置</translation>
    </message>
    <message>
        <source>derived from the server URL</source>
        <translation>由服务器 URL 推导</translation>
    </message>
    <message>
        <source>WebSocket subprotocol (the token)</source>
        <translation>WebSocket 子协议（令牌）</translation>
    </message>
    <message>
        <source>Subprotocol pair (&quot;access_token&quot;, token)</source>
        <translation>子协议对（&quot;access_token&quot;，令牌）</translation>
    </message>
    <message>
        <source>Authorization header</source>
        <translation>Authorization 头</translation>
    </message>
    <message>
        <source>Query parameter (?token=)</source>
        <translation>查询参数（?token=）</translation>
    </message>
    <message>
        <source>only the system&apos;s certificate authorities</source>
        <translation>仅系统证书颁发机构</translation>
    </message>
    <message>
        <source>base64 SHA-256 of the server&apos;s public key</source>
        <translation>服务器公钥的 SHA-256（base64）</translation>
    </message>
    <message>
        <source>Trusted in addition to the system&apos;s certificate authorities: a server certificate with this public key is accepted even when no authority vouches for it (self-signed). Its host name and dates are still checked. Certificates that an authority vouches for stay accepted whatever their key.</source>
        <translation>在系统证书颁发机构之外额外信任：具有此公钥的服务器证书即使没有任何颁发机构担保（自签名）也会被接受。仍会检查其主机名和有效期。由颁发机构担保的证书无论公钥如何仍会被接受。</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Server URL:</source>
        <translation>服务器 URL(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;WebSocket URL:</source>
        <translation>WebSocket URL(&amp;W)：</translation>
    </message>
    <message>
        <source>&amp;Token sent as:</source>
        <translation>令牌发送方式(&amp;T)：</translation>
    </message>
    <message>
        <source>Extra &amp;CA file:</source>
        <translation>额外 CA 文件(&amp;C)：</translation>
    </message>
    <message>
        <source>Extra trusted &amp;key:</source>
        <translation>额外信任的公钥(&amp;K)：</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>添加(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>删除(&amp;R)</translation>
    </message>
    <message>
        <source>New server</source>
        <translation>新服务器</translation>
    </message>
    <message>
        <source>⚠ Insecure: your password and tokens can be read by anyone on the network path to this server. Use this only for a test server you trust.</source>
        <translation>⚠ 不安全：到此服务器的网络路径上的任何人都能读取您的密码和令牌。仅用于您信任的测试服务器。</translation>
    </message>
    <message>
        <source>⚠ The token travels in the URL and lands in the server&apos;s access logs.</source>
        <translation>⚠ 令牌会出现在 URL 中，并被记录到服务器的访问日志里。</translation>
    </message>
    <message>
        <source>⚠ Your access token also goes to %1, which is not the server URL&apos;s host %2. Make sure it belongs to the same site.</source>
        <translation>⚠ 您的访问令牌也会发送到 %1，它不是服务器 URL 的主机 %2。请确认它属于同一站点。</translation>
    </message>
    <message>
        <source>Give the profile a name.</source>
        <translation>请为配置命名。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Extra CA certificates (PEM)</source>
        <translation>额外 CA 证书（PEM）</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt);;All files (*)</source>
        <translation>证书 (*.pem *.crt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Replace the connection before the access token expires</source>
        <translation>在访问令牌过期前替换连接</translation>
    </message>
    <message>
        <source>Shortly before the access token expires, each room opens a new connection with the fresh token and then closes the old one, so no message is in flight when the server closes it. Turn this off for a server that never closes connections when a token expires and does not want the extra connection.</source>
        <translation>在访问令牌即将过期前，每个房间会用新令牌打开一个新连接，然后关闭旧连接，这样服务器关闭旧连接时不会有消息正在传输。如果服务器从不在令牌过期时关闭连接，并且不希望有额外的连接，请关闭此选项。</translation>
    </message>
    <message>
        <source>Django Channels</source>
        <translation>Django Channels</translation>
    </message>
    <message>
        <source>Socket.IO</source>
        <translation>Socket.IO</translation>
    </message>
    <message>
        <source>Django Channels: one WebSocket per room. Socket.IO: one connection to the server, rooms joined by events. Choosing one fills in its usual settings.</source>
        <translation>Django Channels：每个房间一个 WebSocket。Socket.IO：与服务器只有一个连接，通过事件加入房间。选择后会填入该协议的常用设置。</translation>
    </message>
    <message>
        <source>Pr&amp;otocol:</source>
        <translation>协议(&amp;O)：</translation>
    </message>
    <message>
        <source>CONNECT auth payload ({&quot;token&quot;: …})</source>
        <translation>CONNECT 的 auth 载荷（{&quot;token&quot;: …}）</translation>
    </message>
    <message>
        <source>&amp;Forget this server…</source>
        <translation>忘记此服务器(&amp;F)…</translation>
    </message>
    <message>
        <source>Removes the profile and deletes the messages stored on this computer for every account on this server.</source>
        <translation>删除此配置文件，并删除此计算机上为该服务器所有帐户保存的消息。</translation>
    </message>
    <message>
        <source>Forget this server</source>
        <translation>忘记此服务器</translation>
    </message>
    <message>
        <source>Forget %1? The messages stored on this computer for every account on %2 are deleted now, and the profile is removed when you save.</source>
        <translation>要忘记 %1 吗？此计算机上为 %2 所有帐户保存的消息将立即删除，配置文件将在保存时移除。</translation>
    </message>
</context>
<context>
    <name>ProfileProtocolForm</name>
    <message>
        <source>Sign-in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>The server has a refresh endpoint</source>
        <translation>服务器有刷新端点</translation>
    </message>
    <message>
        <source>One room per namespace (/lobby)</source>
        <translation>每个房间一个命名空间（/lobby）</translation>
    </message>
    <message>
        <source>Where the user name and password are posted, e.g. /api/token/ or /login</source>
        <translation>提交用户名和密码的地址，例如 /api/token/ 或 /login</translation>
    </message>
    <message>
        <source>The field of the sign-in answer that holds the token: access, token, …</source>
        <translation>登录响应中存放令牌的字段：access、token 等</translation>
    </message>
    <message>
        <source>Without a refresh endpoint QtChat renews the token by signing in again: with the password kept in the system keychain if you choose &quot;remember me&quot;, otherwise by asking you.</source>
        <translation>没有刷新端点时，QtChat 会重新登录来更新令牌：若选择了“记住我”，使用保存在系统钥匙串中的密码，否则会向您询问。</translation>
    </message>
    <message>
        <source>The room&apos;s WebSocket path; {room} stands for the room&apos;s name</source>
        <translation>房间的 WebSocket 路径；{room} 代表房间名</translation>
    </message>
    <message>
        <source>4 (socket.io 3 and later)</source>
        <translation>4（socket.io 3 及更高版本）</translation>
    </message>
    <message>
        <source>3 (socket.io 2, socketio-jwt)</source>
        <translation>3（socket.io 2、socketio-jwt）</translation>
    </message>
    <message>
        <source>Each room is a namespace of its own, joined by connecting to it; messages are plain events there</source>
        <translation>每个房间是独立的命名空间，连接即加入；消息是其中的普通事件</translation>
    </message>
    <message>
        <source>Token &amp;endpoint:</source>
        <translation>令牌端点(&amp;E)：</translation>
    </message>
    <message>
        <source>Token &amp;field:</source>
        <translation>令牌字段(&amp;F)：</translation>
    </message>
    <message>
        <source>Refresh endpoin&amp;t:</source>
        <translation>刷新端点(&amp;T)：</translation>
    </message>
    <message>
        <source>Refresh token fie&amp;ld:</source>
        <translation>刷新令牌字段(&amp;L)：</translation>
    </message>
    <message>
        <source>Room &amp;path:</source>
        <translation>房间路径(&amp;P)：</translation>
    </message>
    <message>
        <source>Socket.IO pat&amp;h:</source>
        <translation>Socket.IO 路径(&amp;H)：</translation>
    </message>
    <message>
        <source>Names&amp;pace:</source>
        <translation>命名空间(&amp;P)：</translation>
    </message>
    <message>
        <source>Engine.IO &amp;version:</source>
        <translation>Engine.IO 版本(&amp;V)：</translation>
    </message>
    <message>
        <source>&amp;Join event:</source>
        <translation>加入事件(&amp;J)：</translation>
    </message>
    <message>
        <source>Lea&amp;ve event:</source>
        <translation>离开事件(&amp;V)：</translation>
    </message>
    <message>
        <source>&amp;Message event:</source>
        <translation>消息事件(&amp;M)：</translation>
    </message>
    <message>
        <source>Rooms (Socket.IO)</source>
        <translation>房间（Socket.IO）</translation>
    </message>
    <message>
        <source>Rooms (Django Channels)</source>
        <translation>房间（Django Channels）</translation>
    </message>
    <message>
        <source>The server has a history endpoint</source>
        <translation>服务器提供历史记录端点</translation>
    </message>
    <message>
        <source>Scrolling to the top of a room loads older messages from the server, and fills gaps left while QtChat was away</source>
        <translation>滚动到聊天室顶部时会从服务器加载较早的消息，并补上 QtChat 离开期间的空缺</translation>
    </message>
    <message>
        <source>Where older messages are asked for (GET, ?before=id&amp;limit=n); {room} stands for the room&apos;s name</source>
        <translation>请求较早消息的地址（GET，?before=id&amp;limit=n）；{room} 代表聊天室名称</translation>
    </message>
    <message>
        <source>Histor&amp;y endpoint:</source>
        <translation>历史记录端点(&amp;Y)：</translation>
    </message>
</context>
<context>
    <name>ProtocolLogDock</name>
    <message>
        <source>Protocol log</source>
        <translation>协议日志</translation>
    </message>
    <message>
        <source>Frames and HTTP exchanges while this panel is open; tokens and passwords are redacted.</source>
        <translation>此面板打开期间的帧和 HTTP 交互；令牌和密码已隐去。</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Save…</source>
        <translation>保存(&amp;S)…</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>清空(&amp;L)</translation>
    </message>
    <message>
        <source>Save protocol log</source>
        <translation>保存协议日志</translation>
    </message>
    <message>
        <source>Log files (*.log *.txt)</source>
        <translation>日志文件 (*.log *.txt)</translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation>已保存到 %1。</translation>
    </message>
    <message>
        <source>Could not save: %1</source>
        <translation>无法保存：%1</translation>
    </message>
</context>
<context>
    <name>RoomHeader</name>
    <message>
        <source>Muted</source>
        <translation>已静音</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>静音</translation>
    </message>
    <message>
        <source>Notifications of this room are muted (unread messages are still counted). Click to unmute.</source>
        <translation>此聊天室的通知已静音（仍会统计未读消息）。点击取消静音。</translation>
    </message>
    <message>
        <source>Mute notifications of this room</source>
        <translation>将此聊天室的通知静音</translation>
    </message>
</context>
<context>
    <name>RoomSidebar</name>
    <message>
        <source>Join</source>
        <translation>加入</translation>
    </message>
    <message>
        <source>&amp;Leave #%1</source>
        <translation>离开 #%1(&amp;L)</translation>
    </message>
    <message>
        <source>Join a room…</source>
        <translation>加入房间…</translation>
    </message>
    <message>
        <source>Type a room name and press Enter (Ctrl+K)</source>
        <translation>输入房间名并按 Enter（Ctrl+K）</translation>
    </message>
    <message>
        <source>%1 · muted</source>
        <translation>%1 · 已静音</translation>
    </message>
    <message>
        <source>&amp;Mute notifications</source>
        <translation>通知静音(&amp;M)</translation>
    </message>
</context>
<context>
    <name>RoomState</name>
    <message>
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>连接中</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>reconnecting</source>
        <translation>重新连接中</translation>
    </message>
    <message>
        <source>sign-in needed</source>
        <translation>需要登录</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>#%1: %2</source>
        <translation>#%1：%2</translation>
    </message>
    <message>
        <source>%1 - %2</source>
        <translation>%1 - %2</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n message(s) waiting to be sent)</source>
        <translation>
            <numerusform>%1（%n 条消息等待发送）</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (HTTP %2)</source>
        <translation>%1（HTTP %2）</translation>
    </message>
    <message>
        <source>%1 (close code %2)</source>
        <translation>%1（关闭代码 %2）</translation>
    </message>
    <message>
        <source>%1 (close code %2: %3)</source>
        <translation>%1（关闭代码 %2：%3）</translation>
    </message>
    <message>
        <source>the server ended the connection</source>
        <translation>服务器结束了连接</translation>
    </message>
    <message>
        <source>the server closed with a code this Qt version cannot read (1012-1014 arrive as 1002)</source>
        <translation>服务器以此 Qt 版本无法识别的代码关闭了连接（1012-1014 会显示为 1002）</translation>
    </message>
    <message>
        <source>the connection dropped</source>
        <translation>连接已断开</translation>
    </message>
    <message>
        <source>the server refused this client (policy)</source>
        <translation>服务器拒绝了此客户端（策略）</translation>
    </message>
    <message>
        <source>a message was too large for the server</source>
        <translation>消息对服务器来说过大</translation>
    </message>
    <message>
        <source>the server had an internal error</source>
        <translation>服务器发生内部错误</translation>
    </message>
    <message>
        <source>the server is restarting</source>
        <translation>服务器正在重启</translation>
    </message>
    <message>
        <source>the server asked to try again later</source>
        <translation>服务器要求稍后重试</translation>
    </message>
    <message>
        <source>a gateway could not reach the server</source>
        <translation>网关无法访问服务器</translation>
    </message>
    <message>
        <source>you are not allowed in this room</source>
        <translation>你无权进入此聊天室</translation>
    </message>
    <message>
        <source>there is no such room</source>
        <translation>没有这个聊天室</translation>
    </message>
    <message>
        <source>the server closed the session</source>
        <translation>服务器关闭了会话</translation>
    </message>
    <message>
        <source>the server closed the connection</source>
        <translation>服务器关闭了连接</translation>
    </message>
    <message>
        <source>the server refused the access token</source>
        <translation>服务器拒绝了访问令牌</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message numerus="yes">
        <source>%1; a fresh token was refused %n time(s)</source>
        <translation>
            <numerusform>%1；新令牌也被拒绝了 %n 次</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>the server sends a frame this client cannot take (close code %1) on every join, %n time(s) in a row; the room stopped instead of reconnecting forever</source>
        <translation>
            <numerusform>服务器每次加入时都发送此客户端无法处理的帧（关闭代码 %1，连续 %n 次）；聊天室已停止，以免无休止地重连</numerusform>
        </translation>
    </message>
    <message>
        <source>the server sent a frame this client cannot take (close code %1)</source>
        <translation>服务器发送了此客户端无法处理的帧（关闭代码 %1）</translation>
    </message>
    <message>
        <source>connecting to %1</source>
        <translation>正在连接 %1</translation>
    </message>
    <message>
        <source>left the room</source>
        <translation>已离开聊天室</translation>
    </message>
    <message>
        <source>not signed in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <source>the session could not be refreshed: the server cannot be reached</source>
        <translation>无法刷新会话：无法访问服务器</translation>
    </message>
    <message>
        <source>the access token has expired; getting a fresh one</source>
        <translation>访问令牌已过期；正在获取新令牌</translation>
    </message>
    <message>
        <source>the access token cannot be sent to the server: it is not a well-formed JWT</source>
        <translation>无法将访问令牌发送到服务器：它不是格式正确的 JWT</translation>
    </message>
    <message>
        <source>this room cannot be opened: %1</source>
        <translation>无法打开此聊天室：%1</translation>
    </message>
    <message>
        <source>could not reach the server (%1)</source>
        <translation>无法访问服务器（%1）</translation>
    </message>
    <message>
        <source>the server did not answer the handshake in time</source>
        <translation>服务器未及时响应握手</translation>
    </message>
    <message numerus="yes">
        <source>the server failed the handshake %n time(s) (HTTP 500); is this room path right for this server?</source>
        <translation>
            <numerusform>服务器握手失败 %n 次（HTTP 500）；此聊天室路径是否适用于该服务器？</numerusform>
        </translation>
    </message>
    <message>
        <source>the server refused the connection</source>
        <translation>服务器拒绝了连接</translation>
    </message>
    <message>
        <source>the server has no chat endpoint for this room</source>
        <translation>服务器没有此聊天室的聊天端点</translation>
    </message>
    <message>
        <source>the connection dropped without a close frame (1006)</source>
        <translation>连接在没有关闭帧的情况下断开（1006）</translation>
    </message>
    <message>
        <source>the server stopped answering pings (the connection is half-open)</source>
        <translation>服务器不再响应 ping（连接处于半开状态）</translation>
    </message>
    <message>
        <source>the server&apos;s certificate is not trusted: %1</source>
        <translation>服务器的证书不受信任：%1</translation>
    </message>
    <message numerus="yes">
        <source>offline - retrying in %n s</source>
        <translation>
            <numerusform>离线 - %n 秒后重试</numerusform>
        </translation>
    </message>
    <message>
        <source>offline - retrying at %1</source>
        <translation>离线 - 将于 %1 重试</translation>
    </message>
    <message>
        <source>offline - %1</source>
        <translation>离线 - %1</translation>
    </message>
    <message numerus="yes">
        <source>reconnecting in %n s</source>
        <translation>
            <numerusform>%n 秒后重新连接</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>reconnecting in %n s - %1</source>
        <translation>
            <numerusform>%n 秒后重新连接 - %1</numerusform>
        </translation>
    </message>
    <message>
        <source>reconnecting at %1</source>
        <translation>将于 %1 重新连接</translation>
    </message>
    <message>
        <source>reconnecting at %1 - %2</source>
        <translation>将于 %1 重新连接 - %2</translation>
    </message>
    <message>
        <source>%1; getting a fresh access token</source>
        <translation>%1；正在获取新的访问令牌</translation>
    </message>
    <message>
        <source>the server refused this room</source>
        <translation>服务器拒绝了此聊天室</translation>
    </message>
    <message>
        <source>signing in</source>
        <translation>正在登录</translation>
    </message>
</context>
<context>
    <name>SessionController</name>
    <message>
        <source>You have signed out.</source>
        <translation>您已退出登录。</translation>
    </message>
    <message>
        <source>Signed out: %1</source>
        <translation>已退出登录：%1</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>已退出登录</translation>
    </message>
    <message>
        <source>Also delete the messages stored on this computer for %1?</source>
        <translation>是否同时删除此计算机上为 %1 保存的消息？</translation>
    </message>
    <message>
        <source>They are shown when you sign in again, also while offline. Deleted, they are gone from this computer; the server keeps its own.</source>
        <translation>再次登录时（即使离线）会显示这些消息。删除后它们将从此计算机上消失；服务器上的副本仍会保留。</translation>
    </message>
    <message>
        <source>The stored messages could not be deleted: %1</source>
        <translation>无法删除已保存的消息：%1</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%2 上的 %1</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Remember me on this computer</source>
        <translation>在此计算机上记住我(&amp;R)</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Sign in to QtChat</source>
        <translation>登录 QtChat</translation>
    </message>
    <message>
        <source>Server address below</source>
        <translation>使用下方服务器地址</translation>
    </message>
    <message>
        <source>Keeps you signed in across restarts; the session is stored in the system keychain.</source>
        <translation>重启后保持登录；会话保存在系统钥匙串中。</translation>
    </message>
    <message>
        <source>Pro&amp;file:</source>
        <translation>配置(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>服务器(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <source>Enter your user name.</source>
        <translation>请输入用户名。</translation>
    </message>
    <message>
        <source>Signing in to %1…</source>
        <translation>正在登录 %1…</translation>
    </message>
    <message>
        <source>Server profiles: protocol, WebSocket URL, token transport, certificates</source>
        <translation>服务器配置：协议、WebSocket URL、令牌传递方式、证书</translation>
    </message>
    <message>
        <source>This server cannot renew a sign-in by itself, so QtChat keeps your password in the system keychain and uses it to sign in again when the token runs out. Without &quot;remember me&quot;, the sign-in window comes back each time the token expires.</source>
        <translation>此服务器无法自行续期登录，因此 QtChat 会把您的密码保存在系统钥匙串中，并在令牌过期时用它重新登录。不选“记住我”时，每次令牌过期都会重新出现登录窗口。</translation>
    </message>
    <message>
        <source>Keeps you signed in across restarts; your password is stored in the system keychain.</source>
        <translation>重启后保持登录；您的密码保存在系统钥匙串中。</translation>
    </message>
</context>
<context>
    <name>TrayNotifier</name>
    <message>
        <source>QtChat</source>
        <translation>QtChat</translation>
    </message>
    <message numerus="yes">
        <source>#%1: %n new message(s)</source>
        <translation>
            <numerusform>#%1：%n 条新消息</numerusform>
        </translation>
    </message>
    <message>
        <source>#%1 - %2</source>
        <translation>#%1 - %2</translation>
    </message>
    <message>
        <source>someone</source>
        <translation>某人</translation>
    </message>
</context>
</TS>
