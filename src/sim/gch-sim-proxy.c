/* gch-sim-proxy.c
 *
 * Copyright 2026 Guichet developers
 *
 * This program is free software: you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation, either version 3 of the License, or
 * (at your option) any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gch-sim-proxy"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <sys/socket.h>

#include "gch-sim-proxy.h"

/* Between the stations and guichet-server, on 127.0.0.1: reads each HTTP
 * request and its answer whole (Content-Length framing, as libsoup writes
 * them), and decides per request, from a seeded generator, what to do to
 * the answer. toxiproxy is not in Debian 12 and tc netem not on these
 * kernels, so the proxy is ours. One thread accepts, one thread per
 * connection relays, with blocking sockets.
 */
struct _GchSimProxy
{
  GObject       parent_instance;

  GSocket      *listener;
  guint16       port;
  guint16       upstream_port;
  GThread      *acceptor;
  GCancellable *cancellable;

  /* What to do, and what was done; under the mutex */
  GMutex        mutex;
  GRand        *rand;
  guint         weights[GCH_SIM_N_FAULTS];
  GchSimFault   fixed;
  char         *fixed_method;
  guint         counts[GCH_SIM_N_FAULTS];
};

G_DEFINE_FINAL_TYPE (GchSimProxy, gch_sim_proxy, G_TYPE_OBJECT)

#define MAX_HEAD 65536
#define MAX_BODY (64 * 1024 * 1024)
#define DELAY_MAX_MS 300
#define BLACKHOLE_MS 25000   /* longer than the station's 20 s timeout */
#define IO_TIMEOUT_S 60

static const char *fault_names[GCH_SIM_N_FAULTS] = {
  "pass", "delay", "truncate", "reset", "blackhole", "corrupt",
};

const char *
gch_sim_fault_to_string (GchSimFault fault)
{
  g_return_val_if_fail (fault < GCH_SIM_N_FAULTS, NULL);

  return fault_names[fault];
}

/**
 * gch_sim_parse_faults:
 * @text: weights, `pass=80,reset=10,truncate=10`; faults not named weigh 0
 * @weights: (out caller-allocates) (array fixed-size=6): the weights
 */
gboolean
gch_sim_parse_faults (const char  *text,
                      guint       *weights,
                      GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  guint total = 0;

  memset (weights, 0, sizeof (guint) * GCH_SIM_N_FAULTS);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (parts[i], "=", 2);
      guint64 weight = 0;
      guint f;

      for (f = 0; f < GCH_SIM_N_FAULTS; f++)
        if (g_str_equal (g_strstrip (pair[0]), fault_names[f]))
          break;
      if (f == GCH_SIM_N_FAULTS || pair[1] == NULL ||
          !g_ascii_string_to_unsigned (pair[1], 10, 0, 1000, &weight, NULL))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("“%s” is not a fault weight: write pass=80,delay=5,truncate=5,"
                         "reset=5,blackhole=0,corrupt=5."), parts[i]);
          return FALSE;
        }
      weights[f] = weight;
      total += weight;
    }

  if (total == 0)
    weights[GCH_SIM_FAULT_PASS] = 1;
  return TRUE;
}

static void
gch_sim_proxy_finalize (GObject *object)
{
  GchSimProxy *self = (GchSimProxy *)object;

  gch_sim_proxy_close (self);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->fixed_method, g_free);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (gch_sim_proxy_parent_class)->finalize (object);
}

static void
gch_sim_proxy_class_init (GchSimProxyClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gch_sim_proxy_finalize;
}

static void
gch_sim_proxy_init (GchSimProxy *self)
{
  g_mutex_init (&self->mutex);
  self->cancellable = g_cancellable_new ();
  self->weights[GCH_SIM_FAULT_PASS] = 1;
  self->fixed = GCH_SIM_N_FAULTS;
}

/* HTTP, as much as the relay needs */

/* Reads up to the blank line that ends a head. Returns NULL at a clean
 * end of stream before anything was read.
 */
static GByteArray *
read_head (GInputStream  *in,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GByteArray) head = g_byte_array_new ();

  while (head->len < MAX_HEAD)
    {
      guint8 byte;
      gssize n = g_input_stream_read (in, &byte, 1, cancellable, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        {
          if (head->len > 0)
            g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT, "head cut short");
          return NULL;
        }
      g_byte_array_append (head, &byte, 1);
      if (head->len >= 4 && memcmp (head->data + head->len - 4, "\r\n\r\n", 4) == 0)
        return g_steal_pointer (&head);
    }

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE, "head too long");
  return NULL;
}

/* The value of header @name in @head, or NULL. */
static char *
find_header (GByteArray *head,
             const char *name)
{
  g_autofree char *text = g_strndup ((const char *)head->data, head->len);
  g_auto(GStrv) lines = g_strsplit (text, "\r\n", -1);

  for (guint i = 1; lines[i] != NULL; i++)
    {
      char *colon = strchr (lines[i], ':');

      if (colon != NULL && (gsize)(colon - lines[i]) == strlen (name) &&
          g_ascii_strncasecmp (lines[i], name, strlen (name)) == 0)
        return g_strstrip (g_strdup (colon + 1));
    }

  return NULL;
}

/* Reads a message's body by its Content-Length; -1 when it has none. */
static gboolean
read_body (GInputStream  *in,
           GByteArray    *head,
           GByteArray   **body,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autofree char *length_text = find_header (head, "Content-Length");
  g_autofree char *chunked = find_header (head, "Transfer-Encoding");
  guint64 length = 0;
  gsize done = 0;

  if (chunked != NULL ||
      (length_text != NULL && !g_ascii_string_to_unsigned (length_text, 10, 0, MAX_BODY, &length, NULL)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "only Content-Length framing is relayed");
      return FALSE;
    }

  *body = g_byte_array_sized_new (length);
  g_byte_array_set_size (*body, length);
  return length == 0 ||
         g_input_stream_read_all (in, (*body)->data, length, &done, cancellable, error);
}

static gboolean
write_bytes (GOutputStream  *out,
             const guint8   *data,
             gsize           length,
             GCancellable   *cancellable,
             GError        **error)
{
  return g_output_stream_write_all (out, data, length, NULL, cancellable, error);
}

/* Head with its Content-Length replaced by @length. */
static GByteArray *
replace_length (GByteArray *head,
                gsize       length)
{
  g_autofree char *text = g_strndup ((const char *)head->data, head->len);
  g_auto(GStrv) lines = g_strsplit (text, "\r\n", -1);
  GByteArray *out = g_byte_array_new ();

  for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
    {
      g_autofree char *line = NULL;

      if (lines[i][0] == '\0')
        break;
      if (g_ascii_strncasecmp (lines[i], "Content-Length:", 15) == 0)
        line = g_strdup_printf ("Content-Length: %" G_GSIZE_FORMAT "\r\n", length);
      else
        line = g_strconcat (lines[i], "\r\n", NULL);
      g_byte_array_append (out, (const guint8 *)line, strlen (line));
    }
  g_byte_array_append (out, (const guint8 *)"\r\n", 2);

  return out;
}

/* Closes with a TCP reset rather than a clean end: what a crashed
 * middlebox or a dropped link looks like to the client.
 */
static void
reset_connection (GSocket *socket)
{
  struct linger linger = { 1, 0 };

  setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
  g_socket_close (socket, NULL);
}

static GchSimFault
choose_fault (GchSimProxy *self,
              const char  *method,
              guint       *amount)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  GchSimFault fault = GCH_SIM_FAULT_PASS;
  guint total = 0, pick;

  if (self->fixed != GCH_SIM_N_FAULTS)
    {
      if (self->fixed_method == NULL || g_str_equal (self->fixed_method, method))
        fault = self->fixed;
    }
  else
    {
      for (guint f = 0; f < GCH_SIM_N_FAULTS; f++)
        total += self->weights[f];
      pick = g_rand_int_range (self->rand, 0, MAX (total, 1));
      for (fault = 0; fault < GCH_SIM_N_FAULTS - 1 && pick >= self->weights[fault]; fault++)
        pick -= self->weights[fault];
    }

  /* Drawn here, under the lock, so that a seed replays the same amounts. */
  *amount = g_rand_int (self->rand);
  self->counts[fault]++;
  return fault;
}

/* One request through, and its answer back with @fault done to it.
 * Returns FALSE when the connection is to be closed.
 */
static gboolean
relay_one (GchSimProxy    *self,
           GSocketConnection *client,
           GInputStream   *client_in,
           GSocketConnection **upstream,
           GInputStream  **upstream_in,
           GError        **error)
{
  GOutputStream *client_out = g_io_stream_get_output_stream (G_IO_STREAM (client));
  g_autoptr(GByteArray) head = NULL;
  g_autoptr(GByteArray) body = NULL;
  g_autoptr(GByteArray) answer_head = NULL;
  g_autoptr(GByteArray) answer_body = NULL;
  g_autofree char *method = NULL;
  GOutputStream *upstream_out;
  GchSimFault fault;
  guint amount;

  if (!(head = read_head (client_in, self->cancellable, error)) ||
      !read_body (client_in, head, &body, self->cancellable, error))
    return FALSE;

  method = g_strndup ((const char *)head->data,
                      strcspn ((const char *)head->data, " "));
  fault = choose_fault (self, method, &amount);

  if (fault == GCH_SIM_FAULT_BLACKHOLE)
    {
      for (guint waited = 0; waited < BLACKHOLE_MS && !g_cancellable_is_cancelled (self->cancellable);
           waited += 50)
        g_usleep (50 * 1000);
      return FALSE;
    }

  if (*upstream == NULL)
    {
      g_autoptr(GSocketClient) connector = g_socket_client_new ();
      g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
      g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, self->upstream_port);

      g_socket_client_set_timeout (connector, IO_TIMEOUT_S);
      if (!(*upstream = g_socket_client_connect (connector, G_SOCKET_CONNECTABLE (address),
                                                 self->cancellable, error)))
        return FALSE;
      *upstream_in = g_buffered_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (*upstream)));
    }

  upstream_out = g_io_stream_get_output_stream (G_IO_STREAM (*upstream));
  if (!write_bytes (upstream_out, head->data, head->len, self->cancellable, error) ||
      !write_bytes (upstream_out, body->data, body->len, self->cancellable, error) ||
      !(answer_head = read_head (*upstream_in, self->cancellable, error)) ||
      !read_body (*upstream_in, answer_head, &answer_body, self->cancellable, error))
    return FALSE;

  switch (fault)
    {
    case GCH_SIM_FAULT_DELAY:
      g_usleep ((1 + amount % DELAY_MAX_MS) * 1000);
      break;

    case GCH_SIM_FAULT_RESET:
      /* The server applied it; the client never hears. */
      reset_connection (g_socket_connection_get_socket (client));
      return FALSE;

    case GCH_SIM_FAULT_TRUNCATE:
      if (answer_body->len > 0)
        {
          gsize cut = (amount >> 1) % answer_body->len;

          /* Half the time the connection closes mid-body; half the time a
           * whole, well-framed message arrives with its body cut.
           */
          if (amount & 1)
            {
              g_autoptr(GByteArray) cut_head = replace_length (answer_head, cut);

              return write_bytes (client_out, cut_head->data, cut_head->len, self->cancellable, error) &&
                     write_bytes (client_out, answer_body->data, cut, self->cancellable, error);
            }
          write_bytes (client_out, answer_head->data, answer_head->len, self->cancellable, NULL);
          write_bytes (client_out, answer_body->data, cut, self->cancellable, NULL);
          return FALSE;
        }
      break;

    case GCH_SIM_FAULT_CORRUPT:
      if (answer_body->len > 0)
        answer_body->data[(amount >> 1) % answer_body->len] = 0xFF;
      break;

    case GCH_SIM_FAULT_PASS:
    case GCH_SIM_FAULT_BLACKHOLE:
    case GCH_SIM_N_FAULTS:
    default:
      break;
    }

  return write_bytes (client_out, answer_head->data, answer_head->len, self->cancellable, error) &&
         write_bytes (client_out, answer_body->data, answer_body->len, self->cancellable, error);
}

static gpointer
relay_thread (gpointer data)
{
  GSocketConnection *client = data;
  g_autoptr(GchSimProxy) self = g_object_steal_data (G_OBJECT (client), "proxy");
  g_autoptr(GInputStream) client_in =
    g_buffered_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (client)));
  g_autoptr(GSocketConnection) upstream = NULL;
  g_autoptr(GInputStream) upstream_in = NULL;
  g_autoptr(GError) error = NULL;

  while (relay_one (self, client, client_in, &upstream, &upstream_in, &error))
    ;
  if (error != NULL)
    g_debug ("Connection closed: %s", error->message);

  if (upstream != NULL)
    g_io_stream_close (G_IO_STREAM (upstream), NULL, NULL);
  g_io_stream_close (G_IO_STREAM (client), NULL, NULL);
  g_object_unref (client);
  return NULL;
}

static gpointer
accept_thread (gpointer data)
{
  GchSimProxy *self = data;

  while (!g_cancellable_is_cancelled (self->cancellable))
    {
      g_autoptr(GError) error = NULL;
      GSocket *socket = g_socket_accept (self->listener, self->cancellable, &error);
      GSocketConnection *connection;

      if (socket == NULL)
        continue;

      g_socket_set_blocking (socket, TRUE);
      g_socket_set_timeout (socket, IO_TIMEOUT_S);
      connection = g_socket_connection_factory_create_connection (socket);
      g_object_unref (socket);
      g_object_set_data_full (G_OBJECT (connection), "proxy", g_object_ref (self), g_object_unref);
      g_thread_unref (g_thread_new ("gch-sim-relay", relay_thread, connection));
    }

  return NULL;
}

/**
 * gch_sim_proxy_new:
 * @upstream_port: the server's port on 127.0.0.1
 * @seed: the seed of the faults drawn
 *
 * Returns: (transfer full): a proxy listening on 127.0.0.1 (a free port),
 *   letting everything through until told otherwise
 */
GchSimProxy *
gch_sim_proxy_new (guint16   upstream_port,
                   guint32   seed,
                   GError  **error)
{
  g_autoptr(GchSimProxy) self = g_object_new (GCH_TYPE_SIM_PROXY, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  self->upstream_port = upstream_port;
  self->rand = g_rand_new_with_seed (seed);

  if (!(self->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                       G_SOCKET_PROTOCOL_TCP, error)) ||
      !g_socket_bind (self->listener, any_port, TRUE, error) ||
      !g_socket_listen (self->listener, error) ||
      !(bound = g_socket_get_local_address (self->listener, error)))
    return NULL;

  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  self->acceptor = g_thread_new ("gch-sim-proxy", accept_thread, self);

  return g_steal_pointer (&self);
}

guint16
gch_sim_proxy_get_port (GchSimProxy *self)
{
  g_return_val_if_fail (GCH_IS_SIM_PROXY (self), 0);

  return self->port;
}

/**
 * gch_sim_proxy_dup_url:
 *
 * Returns: (transfer full): `http://127.0.0.1:PORT`, for the stations
 */
char *
gch_sim_proxy_dup_url (GchSimProxy *self)
{
  g_return_val_if_fail (GCH_IS_SIM_PROXY (self), NULL);

  return g_strdup_printf ("http://127.0.0.1:%u", self->port);
}

/**
 * gch_sim_proxy_set_weights:
 * @weights: (array fixed-size=6): how likely each fault is, per request
 *
 * Each request from now on gets a fault drawn with these weights.
 */
void
gch_sim_proxy_set_weights (GchSimProxy *self,
                           const guint *weights)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (GCH_IS_SIM_PROXY (self));

  locker = g_mutex_locker_new (&self->mutex);
  memcpy (self->weights, weights, sizeof self->weights);
  self->fixed = GCH_SIM_N_FAULTS;
}

/**
 * gch_sim_proxy_set_fault:
 * @method: (nullable): "GET" or "POST": only requests of that method get
 *   @fault, the others pass; %NULL for all
 *
 * Every request from now on gets @fault, rather than a drawn one.
 */
void
gch_sim_proxy_set_fault (GchSimProxy *self,
                         GchSimFault  fault,
                         const char  *method)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (GCH_IS_SIM_PROXY (self));
  g_return_if_fail (fault < GCH_SIM_N_FAULTS);

  locker = g_mutex_locker_new (&self->mutex);
  self->fixed = fault;
  g_free (self->fixed_method);
  self->fixed_method = g_strdup (method);
}

/**
 * gch_sim_proxy_count:
 *
 * Returns: how many requests got @fault so far
 */
guint
gch_sim_proxy_count (GchSimProxy *self,
                     GchSimFault  fault)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (GCH_IS_SIM_PROXY (self), 0);
  g_return_val_if_fail (fault < GCH_SIM_N_FAULTS, 0);

  locker = g_mutex_locker_new (&self->mutex);
  return self->counts[fault];
}

/**
 * gch_sim_proxy_close:
 *
 * Stops accepting; connections being relayed end at their next read.
 */
void
gch_sim_proxy_close (GchSimProxy *self)
{
  g_return_if_fail (GCH_IS_SIM_PROXY (self));

  if (self->acceptor == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_thread_join (g_steal_pointer (&self->acceptor));
  g_socket_close (self->listener, NULL);
  g_clear_object (&self->listener);
}
